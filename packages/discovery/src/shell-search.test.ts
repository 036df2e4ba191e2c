import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { ShellSearch } from './shell-search.js';

/** Independent check of the kissing condition on one shell: every pair has <x, y> <= r/2 and no repeats. */
function pairwiseOk(points: number[][], r: number): boolean {
  const keys = new Set(points.map((p) => p.join(',')));
  if (keys.size !== points.length) return false;
  for (let i = 0; i < points.length; i++) {
    if (points[i].reduce((s, x) => s + x * x, 0) !== r) return false;
    for (let j = i + 1; j < points.length; j++) {
      let dot = 0;
      for (let k = 0; k < points[i].length; k++) dot += points[i][k] * points[j][k];
      if (2 * dot > r) return false;
    }
  }
  return true;
}

describe('ShellSearch', () => {
  it('takes all 220 D11 roots on the r=2 shell (their inner products are at most 1)', () => {
    const s = new ShellSearch(2, 11, mulberry32(3));
    s.greedy();
    expect(s.count).toBe(220);
    expect(pairwiseOk(s.points(), 2)).toBe(true);
  });

  it('never shrinks the set and keeps it valid on the r=4 shell of Z^6', () => {
    const s = new ShellSearch(4, 6, mulberry32(5));
    s.greedy();
    let last = s.count;
    for (let i = 0; i < 300; i++) {
      const now = s.step();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    expect(pairwiseOk(s.points(), 4)).toBe(true);
  });

  it('stays valid when moves that lose a point are kept (worsenProbability)', () => {
    const s = new ShellSearch(4, 6, mulberry32(8));
    s.greedy();
    for (let i = 0; i < 300; i++) s.step(2, 0.5);
    expect(pairwiseOk(s.points(), 4)).toBe(true);
  });

  it('restores a snapshot exactly', () => {
    const s = new ShellSearch(4, 6, mulberry32(9));
    s.greedy();
    const snap = s.snapshot();
    const before = s.points();
    s.greedy();
    s.restore(snap);
    expect(s.points().map(String).sort()).toEqual(before.map(String).sort());
  });
});
