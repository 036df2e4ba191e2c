import { fileURLToPath } from 'node:url';
import type { GenerationResult, SamplingParams } from '@reasonrl/core';
import { expect } from 'vitest';

/** The conformance checkpoints (qwen2-tiny, qwen3-tiny) with their transformers goldens; shared/ beside the repo. */
export const HF_TINY = fileURLToPath(new URL('../../../../../shared/conformance/hf-tiny/', import.meta.url));

/** Greedy, 16 new tokens, log-probs on, no stop strings: the params the decode-path comparisons run with. */
export const greedyParams: SamplingParams = {
  n: 1,
  temperature: 0,
  topP: 1,
  maxTokens: 16,
  minTokens: 0,
  stop: [],
  includeStopStrInOutput: true,
  logprobs: true,
};

/** Every completion of every prompt, in order. */
export const flat = (results: GenerationResult[]) => results.flatMap((r) => r.outputs);

/** Largest |difference| between the sampled tokens' log-probs of two runs over the same prompts (same lengths). */
export function maxLogprobDiff(a: GenerationResult[], b: GenerationResult[]): number {
  const values = (results: GenerationResult[]) => flat(results).flatMap((o) => o.logprobs!);
  const x = values(a);
  const y = values(b);
  expect(x).toHaveLength(y.length);
  return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
}
