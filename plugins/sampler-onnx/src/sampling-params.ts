import { DEFAULT_SAMPLING_PARAMS, ReasonrlError, type SamplingParams } from '@reasonrl/core';

/**
 * Fill `params` from vLLM's defaults as reasonrl writes them (`DEFAULT_SAMPLING_PARAMS`) and check every field,
 * throwing one `SAMPLING_PARAMS_INVALID` error that lists each bad field with what was expected.
 */
export function resolveSamplingParams(params: Partial<SamplingParams>): SamplingParams {
  const p: SamplingParams = {
    ...DEFAULT_SAMPLING_PARAMS,
    ...params,
    stop: [...(params.stop ?? DEFAULT_SAMPLING_PARAMS.stop)],
  };
  const problems: string[] = [];
  if (!Number.isInteger(p.n) || p.n < 1) problems.push(`n must be an integer >= 1, got ${p.n}`);
  if (!(Number.isFinite(p.temperature) && p.temperature >= 0))
    problems.push(`temperature must be >= 0 (0 = greedy), got ${p.temperature}`);
  if (!(p.topP > 0 && p.topP <= 1)) problems.push(`topP must be in (0, 1], got ${p.topP}`);
  if (!Number.isInteger(p.maxTokens) || p.maxTokens < 1)
    problems.push(`maxTokens must be an integer >= 1, got ${p.maxTokens}`);
  if (!Number.isInteger(p.minTokens) || p.minTokens < 0)
    problems.push(`minTokens must be an integer >= 0, got ${p.minTokens}`);
  else if (p.minTokens > p.maxTokens)
    problems.push(`minTokens (${p.minTokens}) must not exceed maxTokens (${p.maxTokens})`);
  if (!Array.isArray(p.stop) || p.stop.some((s) => typeof s !== 'string' || s.length === 0)) {
    problems.push(`stop must be a list of non-empty strings, got ${JSON.stringify(p.stop)}`);
  }
  if (p.seed !== undefined && !Number.isSafeInteger(p.seed))
    problems.push(`seed must be an integer, got ${p.seed}`);
  if (problems.length) {
    throw new ReasonrlError(
      'SAMPLING_PARAMS_INVALID',
      `invalid sampling params:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return p;
}
