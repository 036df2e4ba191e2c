import * as tf from '@tensorflow/tfjs-core';
import { importanceRatio } from './importance-ratio.js';
import { assertNumber } from './shapes.js';

export interface GrpoClipMetadata {
  /** (B, T) bool: true where the clipped term was the smaller one (the token's gradient is 0). */
  clipped: tf.Tensor;
  /** Scalar: fraction of all B*T tokens clipped (the microbatch step reports it over response tokens only). */
  clipFraction: tf.Tensor;
}

/**
 * GRPO-Clip (PPO's clipped surrogate) per token:
 *
 *   ratio = exp(log p - log p_old)
 *   loss  = -min(ratio * A, clip(ratio, 1 - cliprange, 1 + cliprange) * A)
 *
 * @param advantages (B, 1) one advantage per rollout.
 * @param policyLogProbs (B, T) under the policy being trained.
 * @param oldLogProbs (B, T) under the policy that sampled the rollouts.
 * @param cliprange epsilon >= 0 of the clip interval [1 - eps, 1 + eps].
 * @returns loss (B, T) and metadata (clipped flags (B, T), clip fraction scalar).
 */
export function computeGrpoClipLoss(
  advantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
  cliprange: number,
): { loss: tf.Tensor; metadata: GrpoClipMetadata } {
  const where = 'computeGrpoClipLoss';
  assertNumber(where, 'cliprange', cliprange, (v) => v >= 0, 'a finite number >= 0');
  return tf.tidy(() => {
    const ratio = importanceRatio(where, advantages, policyLogProbs, oldLogProbs); // (B, T)
    const unclipped = tf.mul(ratio, advantages); // (B, T)
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - cliprange, 1 + cliprange), advantages); // (B, T)
    const loss = tf.neg(tf.minimum(unclipped, clipped)); // (B, T)
    const isClipped = tf.less(clipped, unclipped); // (B, T) bool
    return { loss, metadata: { clipped: isClipped, clipFraction: tf.mean(tf.cast(isClipped, 'float32')) } };
  });
}
