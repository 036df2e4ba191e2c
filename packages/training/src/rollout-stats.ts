import type { Completion, RewardResult } from '@reasonrl/core';
import { TrainingError } from './errors.js';

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** Unbiased standard deviation (n - 1), as torch.std; NaN for fewer than two values. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/**
 * Reward metrics of N graded rollouts, the `groupSize` rollouts of one prompt adjacent:
 * `reward/total`, `reward/format`, `reward/answer` (means), `reward_std` (unbiased, over all N) and
 * `frac_zero_std_groups` (groups whose rewards are all equal).
 */
export function rewardMetrics(rewards: readonly RewardResult[], groupSize = 1): Record<string, number> {
  if (!Number.isInteger(groupSize) || groupSize < 1 || rewards.length % groupSize !== 0) {
    throw new TrainingError(
      'BATCH_SHAPE',
      `rewardMetrics: ${rewards.length} rewards cannot be split into groups of ${groupSize}`,
    );
  }
  const total = rewards.map((r) => r.reward);
  let flat = 0;
  for (let g = 0; g < total.length; g += groupSize) {
    const group = total.slice(g, g + groupSize);
    if (group.every((v) => v === group[0])) flat++;
  }
  return {
    'reward/total': mean(total),
    'reward/format': mean(rewards.map((r) => r.formatReward)),
    'reward/answer': mean(rewards.map((r) => r.answerReward)),
    reward_std: std(total),
    frac_zero_std_groups: total.length ? flat / (total.length / groupSize) : Number.NaN,
  };
}

/** Response lengths (tokens): `response_length/mean`, `/max`, and `/truncated_fraction` (finish reason `length`). */
export function responseLengthMetrics(completions: readonly Completion[]): Record<string, number> {
  const lengths = completions.map((c) => c.tokenIds.length);
  return {
    'response_length/mean': mean(lengths),
    'response_length/max': lengths.length ? Math.max(...lengths) : Number.NaN,
    'response_length/truncated_fraction': mean(completions.map((c) => (c.finishReason === 'length' ? 1 : 0))),
  };
}

/**
 * Mean over rows of (sum_t values[b][t] * mask[b][t]) / (sum_t mask[b][t]), i.e. CS336's
 * `masked_mean` with dim=None over all masked entries when `perRow` is false (the default).
 * @param values (B, T); @param mask (B, T) 0/1.
 */
export function maskedMeanOf(values: readonly number[][], mask: readonly number[][]): number {
  let sum = 0;
  let count = 0;
  for (let b = 0; b < values.length; b++) {
    const row = values[b];
    const m = mask[b];
    if (!m || m.length !== row.length) {
      throw new TrainingError(
        'BATCH_SHAPE',
        `maskedMeanOf: row ${b} has ${row.length} values but ${m?.length ?? 0} mask entries`,
      );
    }
    for (let t = 0; t < row.length; t++) {
      if (m[t]) {
        sum += row[t];
        count++;
      }
    }
  }
  return count ? sum / count : Number.NaN;
}

/**
 * How far the sampler's log-probs are from the trainer's on the same tokens (they should agree up to
 * numerics when the weights are in sync): mean and max of |sampler - trainer| over response tokens.
 *
 * @param samplerLogprobs B rows, one log-prob per response token (Completion.logprobs).
 * @param trainerLogProbs (B, T) from Backend.logProbs on the TokenBatch built from the same ids.
 * @param responseMask (B, T); row b has exactly samplerLogprobs[b].length ones.
 */
export function logprobDiffMetrics(
  samplerLogprobs: readonly number[][],
  trainerLogProbs: readonly number[][],
  responseMask: readonly number[][],
): Record<string, number> {
  let sum = 0;
  let count = 0;
  let max = 0;
  for (let b = 0; b < samplerLogprobs.length; b++) {
    const positions: number[] = [];
    for (let t = 0; t < responseMask[b].length; t++) if (responseMask[b][t]) positions.push(t);
    if (positions.length !== samplerLogprobs[b].length) {
      throw new TrainingError(
        'BATCH_SHAPE',
        `logprobDiffMetrics: row ${b} has ${samplerLogprobs[b].length} sampler log-probs but ${positions.length} response tokens`,
      );
    }
    positions.forEach((t, i) => {
      const d = Math.abs(samplerLogprobs[b][i] - trainerLogProbs[b][t]);
      sum += d;
      count++;
      if (d > max) max = d;
    });
  }
  return {
    'logprob_diff/mean_abs': count ? sum / count : Number.NaN,
    'logprob_diff/max_abs': count ? max : Number.NaN,
  };
}
