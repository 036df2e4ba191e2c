import type { LoopStats } from './generate-loop.js';

/**
 * The counters of one generate call run as shares by several workers at once: work (tokens, row-steps, cache slots)
 * summed; steps and times the slowest worker's, since the shares ran side by side and the call took as long as the
 * longest; the shared prefix the shortest any worker had (each read its own at its steps); sharing flags true only
 * when every share had them.
 */
export function mergeLoopStats(parts: readonly LoopStats[]): LoopStats {
  if (parts.length === 0) throw new Error('mergeLoopStats: no stats to merge');
  if (parts.length === 1) return { ...parts[0] };
  const sum = (key: keyof LoopStats) => parts.reduce((s, p) => s + (p[key] as number), 0);
  const max = (key: keyof LoopStats) => Math.max(...parts.map((p) => p[key] as number));
  return {
    prefillTokens: sum('prefillTokens'),
    sharedPrefixTokens: Math.min(...parts.map((p) => p.sharedPrefixTokens)),
    sharedPrefixDecode: parts.every((p) => p.sharedPrefixDecode),
    promptGroupDecode: parts.every((p) => p.promptGroupDecode),
    decodeSteps: max('decodeSteps'),
    decodeRowSteps: sum('decodeRowSteps'),
    decodeCacheSlots: sum('decodeCacheSlots'),
    decodeCacheTokens: sum('decodeCacheTokens'),
    newTokens: sum('newTokens'),
    prefillMs: max('prefillMs'),
    decodeMs: max('decodeMs'),
    decodeSetupMs: max('decodeSetupMs'),
    decodeBuildMs: max('decodeBuildMs'),
    otherMs: max('otherMs'),
    workers: sum('workers'),
  };
}
