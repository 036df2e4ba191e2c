import type { Completion, GenerationResult } from '@reasonrl/core';
import { TrainingError } from './errors.js';

/** N = prompts x n rollouts, flattened with the n completions of one prompt adjacent (CS336's order). */
export interface FlatRollouts {
  /** (N,) index of the prompt each rollout answers. */
  promptIndex: number[];
  /** N prompts' token ids (repeated per rollout). */
  promptIds: number[][];
  /** N responses' token ids. */
  responseIds: number[][];
  /** N response texts. */
  texts: string[];
  /** N rows of per-token sampler log-probs, when the sampler returned them for every rollout. */
  samplerLogprobs?: number[][];
  completions: Completion[];
}

/** Flatten `Sampler.generate` results, checking that each prompt got `n` completions. */
export function flattenRollouts(results: readonly GenerationResult[], n: number): FlatRollouts {
  const flat: FlatRollouts = { promptIndex: [], promptIds: [], responseIds: [], texts: [], completions: [] };
  const logprobs: number[][] = [];
  results.forEach((r, p) => {
    if (r.outputs.length !== n) {
      throw new TrainingError(
        'SAMPLER_OUTPUT',
        `sampler returned ${r.outputs.length} completions for prompt ${p}; expected n = ${n}`,
      );
    }
    for (const c of r.outputs) {
      flat.promptIndex.push(p);
      flat.promptIds.push(r.promptTokenIds);
      flat.responseIds.push(c.tokenIds);
      flat.texts.push(c.text);
      flat.completions.push(c);
      if (c.logprobs) logprobs.push(c.logprobs);
    }
  });
  if (logprobs.length === flat.texts.length) flat.samplerLogprobs = logprobs;
  return flat;
}
