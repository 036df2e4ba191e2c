import { describe, expect, it } from 'vitest';
import { SeededRng } from './seeded-rng.js';

describe('SeededRng', () => {
  it('matches sfc32 seeded by splitmix32 (values from an independent Python implementation)', () => {
    const r = new SeededRng(42);
    expect([1, 2, 3, 4, 5].map(() => r.nextUint32())).toEqual([
      1959603763, 2423114712, 2466933512, 4144396390, 3569536208,
    ]);
    const z = new SeededRng(0);
    expect([z.nextUint32(), z.nextUint32(), z.nextUint32()]).toEqual([2899526011, 769844623, 220372281]);
  });

  it('continues the exact sequence from a saved state (through JSON)', () => {
    const r = new SeededRng(7);
    for (let i = 0; i < 10; i++) r.next();
    const saved = JSON.parse(JSON.stringify(r.getState()));
    const expected = [r.next(), r.int(10), r.next()];
    const resumed = SeededRng.fromState(saved);
    expect([resumed.next(), resumed.int(10), resumed.next()]).toEqual(expected);
  });

  it('draws integers in range and shuffles to a permutation', () => {
    const r = new SeededRng(3);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[r.int(5)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150); // ~5 sigma of Binomial(5000, 0.2)
    const p = r.shuffle([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects bad seeds, ranges and states by name', () => {
    expect(() => new SeededRng(1.5)).toThrow(/seed must be an integer, got 1.5/);
    expect(() => new SeededRng(1).int(0)).toThrow(/n must be an integer in \[1, 2\^32\], got 0/);
    expect(() => SeededRng.fromState({ algorithm: 'sfc32', words: [1, 2, 3] } as never)).toThrow(
      /expected \{ algorithm: 'sfc32'/,
    );
  });
});
