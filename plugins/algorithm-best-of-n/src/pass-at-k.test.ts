import { describe, expect, it } from 'vitest';
import { bestAtN, bestOfNCurves, passAtK, passAtN, type ScoredSample } from './pass-at-k.js';

const s = (answerReward: number, meanLogProb: number): ScoredSample => ({ answerReward, meanLogProb });
/** n choose k, exactly, for small numbers. */
const choose = (n: number, k: number): number =>
  k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k;

describe('passAtK (unbiased estimator)', () => {
  it('equals 1 - C(n-c,k)/C(n,k) computed with exact binomials', () => {
    for (const [n, c, k] of [
      [10, 3, 1],
      [10, 3, 4],
      [16, 1, 8],
      [16, 0, 4],
      [5, 5, 2],
      [20, 2, 19],
    ]) {
      expect(passAtK(n, c, k)).toBeCloseTo(1 - choose(n - c, k) / choose(n, k), 12);
    }
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12); // pass@1 = c / n
    expect(passAtK(4, 1, 4)).toBe(1);
    expect(passAtK(4, 0, 4)).toBe(0);
  });

  it('stays in [0, 1] for large n where the binomials overflow', () => {
    const v = passAtK(2000, 7, 64);
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(1);
    // 1 - prod over 7 terms (1 - 64/i), i = 1994..2000, worked independently: ~0.2040
    let p = 1;
    for (let i = 1994; i <= 2000; i++) p *= (i - 64) / i;
    expect(v).toBeCloseTo(1 - p, 12);
    expect(() => passAtK(4, 5, 1)).toThrow(/0 <= c <= n/);
    expect(() => passAtK(4, 1, 5)).toThrow(/1 <= k <= n, got n=4 c=1 k=5/);
  });
});

describe('pass@N and Best@N on hand-made samples', () => {
  // Prompt A: sample 2 (index 1) is correct and the most likely.
  const a = [s(0, -1.2), s(1, -0.3), s(0, -0.9), s(0, -0.1)];
  // Prompt B: correct only at index 2, but index 3 is the most likely.
  const b = [s(0, -0.5), s(0, -0.7), s(1, -0.6), s(0, -0.2)];
  // Prompt C: never correct.
  const c = [s(0, -1), s(0, -1), s(0, -1), s(0, -1)];

  it('pass@N looks for any correct sample in the first N', () => {
    expect([1, 2, 3, 4].map((n) => passAtN(a, n))).toEqual([0, 1, 1, 1]);
    expect([1, 2, 3, 4].map((n) => passAtN(b, n))).toEqual([0, 0, 1, 1]);
  });

  it('Best@N grades only the most likely of the first N', () => {
    expect([1, 2, 3, 4].map((n) => bestAtN(a, n))).toEqual([0, 1, 1, 0]);
    expect([1, 2, 3, 4].map((n) => bestAtN(b, n))).toEqual([0, 0, 0, 0]);
    expect(bestAtN([s(1, -1), s(0, -1)], 2)).toBe(1); // ties keep the first
  });

  it('Best@1 equals pass@1, and the curves average over prompts', () => {
    const curves = bestOfNCurves([a, b, c], [4, 1, 2]);
    expect(curves.map((p) => p.n)).toEqual([1, 2, 4]);
    for (const prompts of [[a], [b], [c], [a, b, c], [[s(1, -3), s(0, -1)]]]) {
      const [one] = bestOfNCurves(prompts, [1]);
      expect(one.bestAtN).toBe(one.passAtN);
    }
    expect(curves[1]).toMatchObject({ n: 2, passAtN: 1 / 3, bestAtN: 1 / 3 });
    expect(curves[2].passAtN).toBeCloseTo(2 / 3, 12);
    expect(curves[2].bestAtN).toBe(0);
    // Each of a and b has c = 1 of n = 4: unbiased pass@1 = 1/4, pass@2 = 1 - C(3,2)/C(4,2) = 1/2.
    expect(curves[0].passAtKUnbiased).toBeCloseTo((0.25 + 0.25 + 0) / 3, 12);
    expect(curves[1].passAtKUnbiased).toBeCloseTo((0.5 + 0.5 + 0) / 3, 12);
    expect(() => bestOfNCurves([[s(1, 0)]], [2])).toThrow(/need 2 samples per prompt, got 1/);
  });
});
