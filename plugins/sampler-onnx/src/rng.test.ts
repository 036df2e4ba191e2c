import { describe, expect, it } from 'vitest';
import { SeededRandom } from './rng.js';

describe('SeededRandom', () => {
  it('is deterministic per seed list and differs between seed lists', () => {
    const take = (r: SeededRandom) => Array.from({ length: 8 }, () => r.nextUint32());
    expect(take(new SeededRandom(42, 0, 1))).toEqual(take(new SeededRandom(42, 0, 1)));
    expect(take(new SeededRandom(42, 0, 1))).not.toEqual(take(new SeededRandom(42, 1, 0)));
    expect(take(new SeededRandom(2 ** 40))).not.toEqual(take(new SeededRandom(0)));
  });

  it('next() is uniform on [0, 1): mean 1/2 and variance 1/12 within 4 sigma of 100k draws', () => {
    const r = new SeededRandom(7);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sumSq += x * x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });
});
