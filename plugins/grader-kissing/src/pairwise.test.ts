import { describe, expect, it } from 'vitest';
import { minPairwiseSquaredDistance } from './pairwise.js';

/** Deterministic LCG so the sets are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Reference: every pair exactly, first minimal pair in (i, j) order. */
function bruteForce(points: bigint[][]): { value: bigint; pair: [number, number] } {
  let best = { value: -1n, pair: [0, 0] as [number, number] };
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      let s = 0n;
      for (let k = 0; k < points[i].length; k++) s += (points[i][k] - points[j][k]) ** 2n;
      if (best.value < 0n || s < best.value) best = { value: s, pair: [i, j] };
    }
  }
  return best;
}

describe('minPairwiseSquaredDistance', () => {
  it('matches brute force on small-coordinate sets with many ties', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 20; trial++) {
      const pts = Array.from({ length: 40 }, () =>
        Array.from({ length: 11 }, () => BigInt(Math.floor(rand() * 5) - 2)),
      );
      expect(minPairwiseSquaredDistance(pts)).toEqual(bruteForce(pts));
    }
  });

  it('matches brute force near 2^49, where float64 rounds the squared distances', () => {
    const rand = lcg(11);
    const base = 2n ** 49n;
    const pts = Array.from({ length: 30 }, () =>
      Array.from({ length: 11 }, () => base - BigInt(Math.floor(rand() * 1000))),
    );
    expect(minPairwiseSquaredDistance(pts)).toEqual(bruteForce(pts));
  });

  it('uses exact bigints beyond 2^50 and still finds a difference of 1', () => {
    const big = 10n ** 30n;
    const pts = [
      [big, 0n],
      [0n, big],
      [big + 1n, 0n],
    ];
    expect(minPairwiseSquaredDistance(pts)).toEqual({ value: 1n, pair: [0, 2] });
  });

  it('refuses fewer than 2 points', () => {
    expect(() => minPairwiseSquaredDistance([[1n]])).toThrow(/at least 2 points, got 1/);
  });
});
