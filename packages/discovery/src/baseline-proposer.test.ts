import { describe, expect, it } from 'vitest';
import { BaselineProposer } from './baseline-proposer.js';

/** Same-shell kissing condition, checked independently: distinct points, 2<x, y> <= ||x||^2 = 4. */
function pairwiseOk(points: number[][]): boolean {
  if (new Set(points.map(String)).size !== points.length) return false;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (2 * points[i].reduce((s, x, k) => s + x * points[j][k], 0) > 4) return false;
    }
  }
  return true;
}

describe('BaselineProposer', () => {
  it('proposes n valid point sets of 11-dimensional norm^2 = 4 vectors per round', async () => {
    const proposer = new BaselineProposer({ seed: 2 });
    const sizes: number[] = [];
    for (let round = 1; round <= 2; round++) {
      const proposals = await proposer.propose({ round, best: null, lastFeedback: [], budgetMs: 100 }, 2);
      expect(proposals).toHaveLength(2);
      for (const p of proposals) {
        const pts = JSON.parse(p.pointsText!) as number[][];
        expect(pts.every((x) => x.length === 11 && x.reduce((s, v) => s + v * v, 0) === 4)).toBe(true);
        expect(p.proposer).toBe('baseline');
        expect(p.note).toMatch(
          /^shell \|\|x\|\|\^2 = 4 \(5302 points\), walk \d: at \d+ -> \d+ points, best \d+, after \d+ local-search moves and \d+ restarts$/,
        );
        expect(pairwiseOk(pts)).toBe(true);
        sizes.push(pts.length);
      }
    }
    // A greedy pass alone on this shell is far past the 220 D11 roots.
    expect(Math.min(...sizes)).toBeGreaterThan(220);
  });

  it('rejects a bad shell', () => {
    expect(() => new BaselineProposer({ shell: 0 })).toThrow(/shell must be a positive integer, got 0/);
  });
});
