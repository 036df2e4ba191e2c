import * as tf from '@tensorflow/tfjs-core';
import { assertPerSequence } from './shapes.js';

/**
 * REINFORCE's per-token loss: -A * log p, with one reward or advantage per rollout broadcast over
 * its tokens. Its gradient is -A * grad log p, the policy-gradient estimator.
 *
 * @param rawRewardsOrAdvantages (B, 1) raw rewards (`no_baseline`) or advantages (`reinforce_with_baseline`).
 * @param policyLogProbs (B, T) log-probs of the sampled tokens under the policy.
 * @returns (B, T) per-token loss.
 */
export function computeNaivePolicyGradientLoss(
  rawRewardsOrAdvantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
): tf.Tensor {
  assertPerSequence(
    'computeNaivePolicyGradientLoss',
    'rawRewardsOrAdvantages',
    rawRewardsOrAdvantages,
    'policyLogProbs',
    policyLogProbs,
  );
  return tf.tidy(() => tf.neg(tf.mul(rawRewardsOrAdvantages, policyLogProbs)));
}
