import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeGroupNormalizedRewards } from './compute-group-normalized-rewards.js';
import { groupNormalize } from './group-normalize.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Reward = the number the response names; format reward 1 when it is a digit.
const rewardFn = (response: string, groundTruth: string) => ({
  reward: Number(response === groundTruth),
  formatReward: Number(/^\d$/.test(response)),
  answerReward: Number(response === groundTruth),
});

describe('computeGroupNormalizedRewards', () => {
  // Group 1 (truth 7): one right of four -> rewards 1 0 0 0; group 2 (truth 3): all right -> 1 1 1 1.
  const responses = ['7', '1', 'x', '2', '3', '3', '3', '3'];
  const truths = ['7', '7', '7', '7', '3', '3', '3', '3'];

  it('subtracts the group mean and divides by the unbiased group std plus eps', () => {
    const eps = 1e-6;
    const out = computeGroupNormalizedRewards(rewardFn, responses, truths, 4, eps, true);
    // Group 1: mean 1/4, centered (3/4, -1/4, -1/4, -1/4), unbiased std sqrt((9/16 + 3/16) / 3) = 1/2.
    // Group 2: centered 0, std 0 -> 0 / (0 + eps) = 0.
    const s = 0.5 + eps;
    const expected = [0.75 / s, -0.25 / s, -0.25 / s, -0.25 / s, 0, 0, 0, 0];
    Array.from(out.advantages.dataSync()).forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i], 6);
    });
    expect(Array.from(out.rawRewards.dataSync())).toEqual([1, 0, 0, 0, 1, 1, 1, 1]);
    expect(out.advantages.shape).toEqual([8]);
    tf.dispose([out.advantages, out.rawRewards]);
  });

  it('only centers when normalizeByStd is false', () => {
    const out = computeGroupNormalizedRewards(rewardFn, responses, truths, 4, 1e-6, false);
    expect(Array.from(out.advantages.dataSync())).toEqual([0.75, -0.25, -0.25, -0.25, 0, 0, 0, 0]);
    tf.dispose([out.advantages, out.rawRewards]);
  });

  it('reports reward mean/std/min/max, sub-reward means and the fraction of zero-std groups', () => {
    const { metadata, advantages, rawRewards } = computeGroupNormalizedRewards(
      rewardFn,
      responses,
      truths,
      4,
      1e-6,
      true,
    );
    // Rewards: five 1s, three 0s. Mean 5/8; unbiased var = (5 (3/8)^2 + 3 (5/8)^2) / 7 = 15/56.
    expect(metadata.rewardMean).toBeCloseTo(5 / 8, 6);
    expect(metadata.rewardStd).toBeCloseTo(Math.sqrt(15 / 56), 6);
    expect(metadata.rewardMin).toBe(0);
    expect(metadata.rewardMax).toBe(1);
    expect(metadata.formatRewardMean).toBeCloseTo(7 / 8, 12);
    expect(metadata.answerRewardMean).toBeCloseTo(5 / 8, 12);
    expect(metadata.zeroStdFraction).toBe(0.5);
    tf.dispose([advantages, rawRewards]);
  });

  it('leaves only advantages and raw rewards behind', () => {
    const before = tf.memory().numTensors;
    const out = computeGroupNormalizedRewards(rewardFn, responses, truths, 4, 1e-6, true);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([out.advantages, out.rawRewards]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a batch that is not whole groups, and mismatched lists, without leaking', () => {
    const before = tf.memory().numTensors;
    expect(() => computeGroupNormalizedRewards(rewardFn, responses, truths, 3, 1e-6, true)).toThrow(
      'groupNormalize: rawRewards has shape (8); expected (N,) with N a multiple of groupSize 3',
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(() => computeGroupNormalizedRewards(rewardFn, responses, truths.slice(1), 4, 1e-6, true)).toThrow(
      /rolloutResponses has 8 entries but repeatedGroundTruths has 7/,
    );
  });
});

describe('groupNormalize', () => {
  it('gives NaN for groups of one under std normalization (unbiased std of one value), like torch.std', () => {
    const out = groupNormalize(tf.tensor1d([0.3, 0.9]), 1, 1e-6, true);
    expect(Array.from(out.dataSync()).every(Number.isNaN)).toBe(true);
  });
});
