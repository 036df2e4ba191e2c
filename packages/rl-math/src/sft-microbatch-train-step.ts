import * as tf from '@tensorflow/tfjs-core';
import { maskedNormalize } from './masked-normalize.js';
import { assertNumber, assertRank, assertSameShape } from './shapes.js';

/**
 * The SFT loss of one microbatch (CS336's `sft_microbatch_train_step` without the `.backward()`:
 * differentiate the returned loss, e.g. inside `tf.variableGrads`):
 *
 *   loss = mean_b( sum_t(-log p[b, t] * mask[b, t]) / normalizeConstant ) / gradientAccumulationSteps
 *
 * @param policyLogProbs (B, T) log-probs of the target tokens.
 * @param responseMask (B, T) bool or 0/1, 1 on response tokens.
 * @param gradientAccumulationSteps microbatches per optimizer step (>= 1).
 * @param normalizeConstant divisor of each sequence's summed NLL (default 1: plain sum).
 * @returns loss: scalar, already divided by the accumulation steps (the value to log);
 *   metadata: `numResponseTokens` scalar.
 */
export function sftMicrobatchTrainStep(
  policyLogProbs: tf.Tensor,
  responseMask: tf.Tensor,
  gradientAccumulationSteps: number,
  normalizeConstant = 1.0,
): { loss: tf.Scalar; metadata: { numResponseTokens: tf.Scalar } } {
  const where = 'sftMicrobatchTrainStep';
  assertRank(where, 'policyLogProbs', policyLogProbs, 2, '(B, T)');
  assertSameShape(where, 'policyLogProbs', policyLogProbs, 'responseMask', responseMask);
  assertNumber(
    where,
    'gradientAccumulationSteps',
    gradientAccumulationSteps,
    (v) => Number.isInteger(v) && v >= 1,
    'a positive integer',
  );
  return tf.tidy(() => {
    const perSequence = maskedNormalize(tf.neg(policyLogProbs), responseMask, -1, normalizeConstant); // (B,)
    const loss = tf.div(tf.mean(perSequence), tf.scalar(gradientAccumulationSteps, 'float32')) as tf.Scalar;
    const numResponseTokens = tf.sum(tf.cast(responseMask, 'float32')) as tf.Scalar;
    return { loss, metadata: { numResponseTokens } };
  });
}
