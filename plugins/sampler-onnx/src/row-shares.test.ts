import { describe, expect, it } from 'vitest';
import { type RowShare, splitRows } from './row-shares.js';

/** Every (prompt, sample) a list of shares covers, in order. */
const rowsOf = (shares: RowShare[]) =>
  shares.flatMap((s) =>
    Array.from({ length: s.promptCount }, (_, i) =>
      Array.from({ length: s.sampleCount }, (_, j) => `${s.promptFrom + i}:${s.sampleFrom + j}`),
    ).flat(),
  );
const all = (prompts: number, n: number) =>
  Array.from({ length: prompts }, (_, p) => Array.from({ length: n }, (_, j) => `${p}:${j}`)).flat();

describe('splitRows', () => {
  it('gives each worker a contiguous run of whole prompts, sizes differing by at most one', () => {
    expect(splitRows(64, 1, 2)).toEqual([
      { promptFrom: 0, promptCount: 32, sampleFrom: 0, sampleCount: 1 },
      { promptFrom: 32, promptCount: 32, sampleFrom: 0, sampleCount: 1 },
    ]);
    expect(splitRows(7, 4, 3).map((s) => s.promptCount)).toEqual([3, 2, 2]);
    expect(splitRows(3, 2, 3).map((s) => s.promptCount)).toEqual([1, 1, 1]);
  });

  it("splits a prompt's samples when there are fewer prompts than workers", () => {
    expect(splitRows(1, 8, 2)).toEqual([
      { promptFrom: 0, promptCount: 1, sampleFrom: 0, sampleCount: 4 },
      { promptFrom: 0, promptCount: 1, sampleFrom: 4, sampleCount: 4 },
    ]);
    // 2 prompts, 5 workers: the first prompt gets 3 shares, the second 2
    expect(splitRows(2, 5, 5).map((s) => [s.promptFrom, s.sampleFrom, s.sampleCount])).toEqual([
      [0, 0, 2],
      [0, 2, 2],
      [0, 4, 1],
      [1, 0, 3],
      [1, 3, 2],
    ]);
    // never more shares than samples
    expect(splitRows(1, 1, 4)).toEqual([{ promptFrom: 0, promptCount: 1, sampleFrom: 0, sampleCount: 1 }]);
  });

  it('covers every row exactly once, in order, with at most `workers` non-empty shares', () => {
    for (const prompts of [1, 2, 3, 5, 16, 64])
      for (const n of [1, 2, 3, 8])
        for (const workers of [1, 2, 3, 4, 7]) {
          const shares = splitRows(prompts, n, workers);
          expect(rowsOf(shares)).toEqual(all(prompts, n));
          expect(shares.length).toBeLessThanOrEqual(workers);
          expect(shares.every((s) => s.promptCount > 0 && s.sampleCount > 0)).toBe(true);
        }
  });

  it('balances contiguous runs by cost when given one per prompt', () => {
    // total 20: the first run ends where the running cost is nearest 10
    const cost = [9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    expect(splitRows(12, 2, 2, cost).map((s) => [s.promptFrom, s.promptCount])).toEqual([
      [0, 2],
      [2, 10],
    ]);
    // every run keeps at least one prompt, even when one prompt outweighs the rest
    expect(splitRows(3, 1, 3, [100, 1, 1]).map((s) => s.promptCount)).toEqual([1, 1, 1]);
    expect(splitRows(4, 1, 2, [1, 1, 1, 100]).map((s) => s.promptCount)).toEqual([3, 1]);
    // equal costs: sizes differing by at most one
    expect(splitRows(7, 1, 3, Array(7).fill(5)).map((s) => s.promptCount)).toEqual([2, 3, 2]);
    for (const workers of [1, 2, 3, 5]) {
      const c = Array.from({ length: 9 }, (_, i) => (i * 37) % 11);
      expect(rowsOf(splitRows(9, 2, workers, c))).toEqual(all(9, 2));
    }
  });

  it('has nothing to split for no prompts', () => {
    expect(splitRows(0, 4, 2)).toEqual([]);
  });
});
