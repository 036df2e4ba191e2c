import * as tf from '@tensorflow/tfjs-core';
import { RlMathError } from './errors.js';
import { groupNormalize, groupStd } from './group-normalize.js';

/** What a reward function says about one response (the fields of core's `RewardResult`). */
export interface RewardScores {
  reward: number;
  formatReward?: number;
  answerReward?: number;
}

/** Scores one rollout against its reference answer, synchronously (a grader's `grade`). */
export type RewardFn<TGroundTruth = string> = (response: string, groundTruth: TGroundTruth) => RewardScores;

/** Plain numbers for logging, computed outside any gradient. */
export interface GroupRewardMetadata {
  /** Mean, unbiased std, min and max of the raw rewards over the whole batch. */
  rewardMean: number;
  rewardStd: number;
  rewardMin: number;
  rewardMax: number;
  /** Mean format / answer reward, when the reward function reports them (NaN otherwise). */
  formatRewardMean: number;
  answerRewardMean: number;
  /** Fraction of groups whose rewards are all equal (std 0): they carry no learning signal. */
  zeroStdFraction: number;
}

export interface GroupNormalizedRewards {
  /** (N,) group-normalized advantages. */
  advantages: tf.Tensor;
  /** (N,) raw rewards. */
  rawRewards: tf.Tensor;
  metadata: GroupRewardMetadata;
}

/**
 * Scores every rollout with `rewardFn` and normalizes the rewards within each group (see
 * `groupNormalize`). CS336's `compute_group_normalized_rewards`, with the same arguments.
 *
 * @param rolloutResponses N responses, the `groupSize` answers to one prompt adjacent.
 * @param repeatedGroundTruths N reference answers, each repeated `groupSize` times.
 * @returns advantages (N,) and rawRewards (N,) as float32 tensors the caller disposes, plus metadata.
 */
export function computeGroupNormalizedRewards<TGroundTruth>(
  rewardFn: RewardFn<TGroundTruth>,
  rolloutResponses: readonly string[],
  repeatedGroundTruths: readonly TGroundTruth[],
  groupSize: number,
  advantageEps: number,
  normalizeByStd: boolean,
): GroupNormalizedRewards {
  const where = 'computeGroupNormalizedRewards';
  if (rolloutResponses.length !== repeatedGroundTruths.length) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `${where}: rolloutResponses has ${rolloutResponses.length} entries but repeatedGroundTruths has ${repeatedGroundTruths.length}; expected one ground truth per response`,
    );
  }
  const scores = rolloutResponses.map((response, i) => {
    const s = rewardFn(response, repeatedGroundTruths[i]);
    if (!s || typeof s.reward !== 'number') {
      throw new RlMathError(
        'INVALID_ARGUMENT',
        `${where}: rewardFn returned ${JSON.stringify(s)} for response ${i}; expected { reward: number, ... }`,
      );
    }
    return s;
  });
  const rewards = scores.map((s) => s.reward);
  const rawRewards = tf.tensor1d(rewards, 'float32');
  let advantages: tf.Tensor;
  try {
    advantages = groupNormalize(rawRewards, groupSize, advantageEps, normalizeByStd);
  } catch (error) {
    rawRewards.dispose();
    throw error;
  }
  const metadata: GroupRewardMetadata = {
    ...rewardStats(rawRewards),
    formatRewardMean: meanOf(scores.map((s) => s.formatReward)),
    answerRewardMean: meanOf(scores.map((s) => s.answerReward)),
    zeroStdFraction: zeroStdFraction(rawRewards, groupSize),
  };
  return { advantages, rawRewards, metadata };
}

function meanOf(values: readonly (number | undefined)[]): number {
  if (values.length === 0 || values.some((v) => typeof v !== 'number')) return Number.NaN;
  return (values as number[]).reduce((a, b) => a + b, 0) / values.length;
}

function rewardStats(
  rawRewards: tf.Tensor,
): Pick<GroupRewardMetadata, 'rewardMean' | 'rewardStd' | 'rewardMin' | 'rewardMax'> {
  const [mean, std, min, max] = tf
    .tidy(() => {
      const n = rawRewards.shape[0];
      const centered = tf.reshape(tf.sub(rawRewards, tf.mean(rawRewards)), [1, n]);
      return [tf.mean(rawRewards), groupStd(centered, n), tf.min(rawRewards), tf.max(rawRewards)];
    })
    .map((t) => {
      const v = t.dataSync()[0];
      t.dispose();
      return v;
    });
  return { rewardMean: mean, rewardStd: std, rewardMin: min, rewardMax: max };
}

function zeroStdFraction(rawRewards: tf.Tensor, groupSize: number): number {
  const values = rawRewards.dataSync();
  const nGroups = values.length / groupSize;
  let flat = 0;
  for (let g = 0; g < nGroups; g++) {
    const group = values.subarray(g * groupSize, (g + 1) * groupSize);
    if (group.every((v) => v === group[0])) flat++;
  }
  return nGroups === 0 ? Number.NaN : flat / nGroups;
}
