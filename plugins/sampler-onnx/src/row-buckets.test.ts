import { describe, expect, it } from 'vitest';
import { planRowBuckets } from './row-buckets.js';

/** Slots a step reads for rows of `own` tokens split at `limits` (each row in the first bucket it fits). */
function slotsOf(own: readonly number[], limits: readonly number[], reserve: number): number {
  return own.reduce((sum, n) => sum + limits.find((limit) => n <= limit)! + reserve, 0);
}

/** The least slots over every choice of at most `buckets` limits among the distinct lengths (the longest included). */
function bruteForce(own: readonly number[], buckets: number, reserve: number): number {
  const values = [...new Set(own)].sort((a, b) => a - b);
  const longest = values[values.length - 1];
  const others = values.slice(0, -1);
  let best = Number.POSITIVE_INFINITY;
  for (let mask = 0; mask < 1 << others.length; mask++) {
    const limits = [...others.filter((_, i) => mask & (1 << i)), longest];
    if (limits.length <= buckets) best = Math.min(best, slotsOf(own, limits, reserve));
  }
  return best;
}

describe('planRowBuckets', () => {
  it('finds the least slots read, as an exhaustive search does', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 60; trial++) {
      const own = Array.from({ length: 1 + Math.floor(next() * 12) }, () => 1 + Math.floor(next() * 40));
      const buckets = 1 + Math.floor(next() * 4);
      const reserve = Math.floor(next() * 30);
      const plan = planRowBuckets(own, buckets, reserve);
      expect(plan.limits.length).toBeLessThanOrEqual(buckets);
      expect([...plan.limits].sort((a, b) => a - b)).toEqual(plan.limits);
      expect(plan.limits[plan.limits.length - 1]).toBe(Math.max(...own));
      expect(plan.rows.reduce((a, b) => a + b, 0)).toBe(own.length);
      plan.limits.forEach((limit, k) => {
        const lower = k === 0 ? 0 : plan.limits[k - 1];
        expect(own.filter((n) => n > lower && n <= limit)).toHaveLength(plan.rows[k]);
      });
      expect(slotsOf(own, plan.limits, reserve)).toBe(bruteForce(own, buckets, reserve));
    }
  });

  it('splits the issue-6 shape: short prompts apart from the long tail', () => {
    // 6 rows of 10 own tokens, 2 of 100, 128 new tokens each: two buckets read 6*138 + 2*228 slots, not 8*228
    const plan = planRowBuckets([10, 10, 10, 100, 10, 10, 10, 100], 3, 128);
    expect(plan).toEqual({ limits: [10, 100], rows: [6, 2] });
    expect(planRowBuckets([10, 10, 100], 1, 128)).toEqual({ limits: [100], rows: [3] });
    expect(() => planRowBuckets([], 2, 1)).toThrow(/no rows/);
    expect(() => planRowBuckets([3], 0, 1)).toThrow(/buckets/);
  });
});
