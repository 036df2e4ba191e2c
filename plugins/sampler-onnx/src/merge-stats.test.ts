import { describe, expect, it } from 'vitest';
import { emptyLoopStats, type LoopStats } from './generate-loop.js';
import { mergeLoopStats } from './merge-stats.js';

const stats = (over: Partial<LoopStats>): LoopStats => ({
  ...emptyLoopStats(),
  sharedPrefixDecode: true,
  ...over,
});

describe('mergeLoopStats', () => {
  it('sums the work, keeps the slowest worker for steps and times, the shortest shared prefix', () => {
    const a = stats({
      prefillTokens: 300,
      sharedPrefixTokens: 195,
      decodeSteps: 127,
      decodeRowSteps: 4064,
      decodeCacheSlots: 900_000,
      decodeCacheTokens: 700_000,
      newTokens: 4096,
      prefillMs: 400,
      decodeMs: 800,
      decodeSetupMs: 2,
      decodeBuildMs: 40,
      otherMs: 90,
    });
    const b = stats({
      prefillTokens: 280,
      sharedPrefixTokens: 201,
      decodeSteps: 120,
      decodeRowSteps: 3800,
      decodeCacheSlots: 800_000,
      decodeCacheTokens: 650_000,
      newTokens: 3900,
      prefillMs: 420,
      decodeMs: 780,
      decodeSetupMs: 3,
      decodeBuildMs: 38,
      otherMs: 95,
      sharedPrefixDecode: false,
    });
    expect(mergeLoopStats([a, b])).toEqual({
      prefillTokens: 580,
      sharedPrefixTokens: 195,
      sharedPrefixDecode: false,
      promptGroupDecode: false,
      decodeSteps: 127,
      decodeRowSteps: 7864,
      decodeCacheSlots: 1_700_000,
      decodeCacheTokens: 1_350_000,
      newTokens: 7996,
      prefillMs: 420,
      decodeMs: 800,
      decodeSetupMs: 3,
      decodeBuildMs: 40,
      otherMs: 95,
      workers: 2,
    });
  });

  it('returns a copy of a single share and refuses none', () => {
    const a = stats({ newTokens: 5 });
    const merged = mergeLoopStats([a]);
    expect(merged).toEqual(a);
    expect(merged).not.toBe(a);
    expect(() => mergeLoopStats([])).toThrow(/no stats/);
  });
});
