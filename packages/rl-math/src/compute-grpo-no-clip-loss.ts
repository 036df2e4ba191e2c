import * as tf from '@tensorflow/tfjs-core';
import { importanceRatio } from './importance-ratio.js';

export interface GrpoNoClipMetadata {
  /** Scalar: mean importance ratio over all B*T tokens (1 when the policy has not moved). */
  ratioMean: tf.Tensor;
}

/**
 * GRPO-No-Clip per token: the importance-weighted surrogate without the trust region,
 *
 *   loss = -exp(log p - log p_old) * A
 *
 * @param advantages (B, 1) one advantage per rollout.
 * @param policyLogProbs (B, T) under the policy being trained.
 * @param oldLogProbs (B, T) under the policy that sampled the rollouts.
 * @returns loss (B, T) and metadata (mean ratio).
 */
export function computeGrpoNoClipLoss(
  advantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
): { loss: tf.Tensor; metadata: GrpoNoClipMetadata } {
  return tf.tidy(() => {
    const ratio = importanceRatio('computeGrpoNoClipLoss', advantages, policyLogProbs, oldLogProbs); // (B, T)
    return { loss: tf.neg(tf.mul(ratio, advantages)), metadata: { ratioMean: tf.mean(ratio) } };
  });
}
