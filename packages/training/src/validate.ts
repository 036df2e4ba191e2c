import type { Grader, GroundTruth, Sampler, SamplingParams } from '@reasonrl/core';
import { gradeAll } from '@reasonrl/core';
import { responseLengthMetrics, rewardMetrics } from './rollout-stats.js';
import { flattenRollouts } from './rollouts.js';

/** One validation rollout, for the samples log. */
export interface ValidationRow {
  prompt: string;
  response: string;
  reward: number;
  formatReward: number;
  answerReward: number;
}

/**
 * Validation with the sampler (after its weights are synced): one completion per prompt, graded;
 * returns `val/reward/total`, `val/reward/format`, `val/reward/answer` (the accuracy),
 * `val/response_length/mean` and `val/examples`, plus the rows.
 */
export async function validate(
  sampler: Sampler,
  grader: Grader,
  prompts: readonly string[],
  groundTruths: readonly GroundTruth[],
  params: SamplingParams,
): Promise<{ metrics: Record<string, number>; rows: ValidationRow[] }> {
  const results = await sampler.generate(prompts, { ...params, n: 1 });
  const flat = flattenRollouts(results, 1);
  const rewards = await gradeAll(grader, flat.texts, groundTruths);
  const r = rewardMetrics(rewards, 1);
  const metrics = {
    'val/reward/total': r['reward/total'],
    'val/reward/format': r['reward/format'],
    'val/reward/answer': r['reward/answer'],
    'val/response_length/mean': responseLengthMetrics(flat.completions)['response_length/mean'],
    'val/examples': prompts.length,
  };
  const rows = flat.texts.map((response, i) => ({
    prompt: prompts[i],
    response,
    reward: rewards[i].reward,
    formatReward: rewards[i].formatReward,
    answerReward: rewards[i].answerReward,
  }));
  return { metrics, rows };
}
