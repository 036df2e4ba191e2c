import * as tf from '@tensorflow/tfjs-core';
import { assertPerSequence, assertSameShape } from './shapes.js';

/**
 * pi_theta / pi_theta_old per token, from log-probs: exp(log p - log p_old). Checks the shapes the
 * GRPO losses share: advantages (B, 1), both log-prob tensors (B, T).
 *
 * @param policyLogProbs (B, T) under the policy being trained (gradients flow through).
 * @param oldLogProbs (B, T) under the policy that sampled the rollouts (treated as constant).
 * @returns (B, T) ratio.
 */
export function importanceRatio(
  where: string,
  advantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
): tf.Tensor {
  assertPerSequence(where, 'advantages', advantages, 'policyLogProbs', policyLogProbs);
  assertSameShape(where, 'policyLogProbs', policyLogProbs, 'oldLogProbs', oldLogProbs);
  return tf.tidy(() => tf.exp(tf.sub(policyLogProbs, oldLogProbs)));
}
