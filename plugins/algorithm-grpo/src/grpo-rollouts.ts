import type { Grader, Problem, Sampler } from '@reasonrl/core';
import {
  buildTokenBatch,
  flattenRollouts,
  gradeAll,
  groupNormalizedAdvantages,
  type LoopRuntime,
  logprobDiffMetrics,
  type RolloutLoop,
  responseLengthMetrics,
  rewardMetrics,
  scoreBatch,
  type TrainableBackend,
  type TrainMicrobatch,
} from '@reasonrl/training';
import type { GrpoConfig, GrpoDerived } from './config.js';

/** One rollout batch ready to train on, with its metrics and a few rows for the samples log. */
export interface RolloutBatch {
  /** N = rolloutBatchSize rows: tokens, raw rewards, advantages, and old log-probs when needed. */
  batch: TrainMicrobatch;
  metrics: Record<string, number>;
  samples: { prompt: string; response: string; reward: number }[];
}

/**
 * CS336's rollout phase of one GRPO step: sample `groupSize` rollouts for each of
 * `nPromptsPerRolloutBatch` questions, grade them, group-normalize the rewards into advantages, and
 * (for losses that need them, or to check the sampler) compute the old log-probs once, with no gradient.
 * Each phase is timed on `rt.timer` (generate, grade, old_logprob).
 */
export async function collectRollouts(
  rt: LoopRuntime,
  parts: {
    sampler: Sampler;
    grader: Grader;
    backend: TrainableBackend;
    needsOldLogProbs: boolean;
    samplingParams: RolloutLoop['samplingParams'];
  },
  questions: readonly Problem[],
  prompts: readonly string[],
  c: GrpoConfig,
  d: GrpoDerived,
): Promise<RolloutBatch> {
  const params = parts.samplingParams({
    seed: rt.rng.fork(),
    n: c.groupSize,
    temperature: c.samplingTemperature,
    logprobs: true,
  });
  const results = await rt.timer.time('generate', () => parts.sampler.generate(prompts, params));
  const flat = flattenRollouts(results, c.groupSize);
  const groundTruths = flat.promptIndex.map((p) => questions[p].groundTruth);
  const rewards = await rt.timer.time('grade', () => gradeAll(parts.grader, flat.texts, groundTruths));
  const rawRewards = rewards.map((r) => r.reward);
  const advantages = groupNormalizedAdvantages(
    rawRewards,
    c.groupSize,
    c.advantageEps,
    c.useStdNormalization,
  );
  const batch: TrainMicrobatch = {
    ...buildTokenBatch(flat.promptIds, flat.responseIds, parts.backend.tokenizer.padTokenId),
    rawRewards,
    advantages,
  };
  const metrics: Record<string, number> = {
    ...rewardMetrics(rewards, c.groupSize),
    ...responseLengthMetrics(flat.completions),
  };
  // Old log-probs: once per rollout batch, reused by every epoch (off-policy); also what the sampler's log-probs are checked against.
  if (parts.needsOldLogProbs || c.checkSamplerLogprobs) {
    const { logProbs } = await rt.timer.time('old_logprob', () =>
      scoreBatch(parts.backend, batch, d.microTrainBatchSize),
    );
    if (parts.needsOldLogProbs) batch.oldLogProbs = logProbs;
    if (flat.samplerLogprobs)
      Object.assign(metrics, logprobDiffMetrics(flat.samplerLogprobs, logProbs, batch.responseMask));
  }
  const samples = flat.texts.map((response, i) => ({
    prompt: prompts[flat.promptIndex[i]],
    response,
    reward: rawRewards[i],
  }));
  return { batch, metrics, samples };
}
