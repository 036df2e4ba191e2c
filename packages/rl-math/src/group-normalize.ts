import * as tf from '@tensorflow/tfjs-core';
import { RlMathError } from './errors.js';
import { assertNumber, formatShape } from './shapes.js';

/**
 * GRPO's advantages from raw rewards: within each group of `groupSize` consecutive rollouts (the
 * answers to one prompt), subtract the group mean and, when `normalizeByStd`, divide by the group's
 * unbiased standard deviation (Bessel, n - 1, as torch.std) plus `advantageEps`.
 *
 *   A_i = (r_i - mean(r_group)) / (std(r_group) + eps)   or   A_i = r_i - mean(r_group)
 *
 * @param rawRewards (N,) with N = nGroups * groupSize, rollouts of one prompt adjacent.
 * @returns (N,) advantages, in the rollouts' order.
 */
export function groupNormalize(
  rawRewards: tf.Tensor,
  groupSize: number,
  advantageEps: number,
  normalizeByStd: boolean,
): tf.Tensor {
  const where = 'groupNormalize';
  assertNumber(where, 'groupSize', groupSize, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  assertNumber(where, 'advantageEps', advantageEps, (v) => v >= 0, 'a finite number >= 0');
  if (rawRewards.rank !== 1 || rawRewards.shape[0] % groupSize !== 0) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `${where}: rawRewards has shape ${formatShape(rawRewards.shape)}; expected (N,) with N a multiple of groupSize ${groupSize}`,
    );
  }
  return tf.tidy(() => {
    const nGroups = rawRewards.shape[0] / groupSize;
    const grouped = tf.reshape(tf.cast(rawRewards, 'float32'), [nGroups, groupSize]); // (G, groupSize)
    const centered = tf.sub(grouped, tf.mean(grouped, 1, true)); // (G, groupSize)
    if (!normalizeByStd) return tf.reshape(centered, [-1]); // (N,)
    const std = groupStd(centered, groupSize); // (G, 1)
    return tf.reshape(tf.div(centered, tf.add(std, advantageEps)), [-1]); // (N,)
  });
}

/**
 * Unbiased standard deviation of each row from its centered values: sqrt(sum(c^2) / (n - 1)).
 * For n = 1 that is 0/0 = NaN, as torch.std.
 *
 * @param centered (G, n) rows minus their means.
 * @returns (G, 1).
 */
export function groupStd(centered: tf.Tensor, n: number): tf.Tensor {
  return tf.tidy(() => tf.sqrt(tf.div(tf.sum(tf.square(centered), 1, true), tf.scalar(n - 1, 'float32'))));
}
