import { describe, expect, it } from 'vitest';
import { shellVectors } from './shell-vectors.js';

/** n choose k. */
const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);

describe('shellVectors', () => {
  it('counts the shells by hand: r=1: 2d; r=2: 4 C(d,2); r=4: 2d + 16 C(d,4)', () => {
    expect(shellVectors(1, 11).count).toBe(22);
    expect(shellVectors(2, 11).count).toBe(4 * choose(11, 2)); // 220, the D11 roots
    expect(shellVectors(4, 11).count).toBe(22 + 16 * choose(11, 4)); // 5302
  });

  it('lists distinct vectors of exactly the requested squared norm, shape (M, d)', () => {
    const { count, data } = shellVectors(3, 5);
    expect(data.length).toBe(count * 5);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const row = Array.from(data.subarray(i * 5, i * 5 + 5));
      expect(row.reduce((s, x) => s + x * x, 0)).toBe(3);
      seen.add(row.join(','));
    }
    expect(seen.size).toBe(count);
    expect(count).toBe(8 * choose(5, 3)); // (+-1,+-1,+-1) patterns
  });

  it('rejects bad arguments by name', () => {
    expect(() => shellVectors(0, 11)).toThrow(/r must be a positive integer, got 0/);
    expect(() => shellVectors(2, 1.5)).toThrow(/d must be a positive integer/);
  });
});
