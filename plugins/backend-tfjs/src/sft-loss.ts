import * as tf from '@tensorflow/tfjs-core';

/**
 * The SFT loss of the golden AdamW step and of CS336's sft_microbatch_train_step before the accumulation divide:
 * mean over the batch of (sum over response tokens of -log p) / normalizeConstant.
 * policyLogProbs, responseMask: (B, T) -> scalar.
 */
export function sftLoss(
  policyLogProbs: tf.Tensor2D,
  responseMask: tf.Tensor2D,
  normalizeConstant = 1,
): tf.Scalar {
  return tf.tidy(() => {
    const perExample = tf.div(tf.sum(tf.mul(tf.neg(policyLogProbs), responseMask), 1), normalizeConstant); // (B)
    return tf.mean(perExample) as tf.Scalar;
  });
}
