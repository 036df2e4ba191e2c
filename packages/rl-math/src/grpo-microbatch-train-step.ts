import * as tf from '@tensorflow/tfjs-core';
import { computePolicyGradientLoss, type PolicyGradientLossType } from './compute-policy-gradient-loss.js';
import { RlMathError } from './errors.js';
import { maskedMean } from './masked-mean.js';
import { maskedNormalize } from './masked-normalize.js';
import { assertNumber, assertRank, assertSameShape } from './shapes.js';

/**
 * How a sequence's per-token losses become one number:
 * - `masked_mean`: divide by the sequence's own response length (CS336 default; longer answers
 *   weigh less per token);
 * - `masked_normalize`: divide by a constant, e.g. the max generation length (Dr. GRPO).
 */
export const LENGTH_NORMALIZATIONS = ['masked_mean', 'masked_normalize'] as const;
export type LengthNormalization = (typeof LENGTH_NORMALIZATIONS)[number];

/**
 * The policy-gradient loss of one microbatch (CS336's `grpo_microbatch_train_step` without the
 * `.backward()`: differentiate the returned loss, e.g. inside `tf.variableGrads`):
 *
 *   perToken = computePolicyGradientLoss(...)                             (B, T)
 *   perSeq   = maskedMean(perToken, mask, -1)  or  maskedNormalize(perToken, mask, -1, normalizeConstant)
 *   loss     = mean_b(perSeq) / gradientAccumulationSteps
 *
 * @param policyLogProbs (B, T).
 * @param responseMask (B, T) bool or 0/1.
 * @param rawRewards (B, 1) for `no_baseline`; advantages (B, 1) for the others; oldLogProbs (B, T)
 *   and cliprange for the GRPO losses (see computePolicyGradientLoss).
 * @param lengthNormalization `masked_mean` (default) or `masked_normalize` (needs normalizeConstant).
 * @returns loss: scalar, already divided by the accumulation steps (the value to log);
 *   metadata: the loss type's tensors; for `grpo_clip`, `clipped` (B, T) and `clipFraction`, the
 *   fraction of response tokens clipped (scalar).
 */
export function grpoMicrobatchTrainStep(
  policyLogProbs: tf.Tensor,
  responseMask: tf.Tensor,
  gradientAccumulationSteps: number,
  lossType: PolicyGradientLossType,
  rawRewards?: tf.Tensor | null,
  advantages?: tf.Tensor | null,
  oldLogProbs?: tf.Tensor | null,
  cliprange?: number | null,
  lengthNormalization: LengthNormalization = 'masked_mean',
  normalizeConstant?: number | null,
): { loss: tf.Scalar; metadata: Record<string, tf.Tensor> } {
  const where = 'grpoMicrobatchTrainStep';
  assertRank(where, 'policyLogProbs', policyLogProbs, 2, '(B, T)');
  assertSameShape(where, 'policyLogProbs', policyLogProbs, 'responseMask', responseMask);
  assertNumber(
    where,
    'gradientAccumulationSteps',
    gradientAccumulationSteps,
    (v) => Number.isInteger(v) && v >= 1,
    'a positive integer',
  );
  if (!LENGTH_NORMALIZATIONS.includes(lengthNormalization)) {
    throw new RlMathError(
      'INVALID_ARGUMENT',
      `${where}: unknown lengthNormalization '${String(lengthNormalization)}'; known: ${LENGTH_NORMALIZATIONS.join(', ')}`,
    );
  }
  if (
    lengthNormalization === 'masked_normalize' &&
    (normalizeConstant === undefined || normalizeConstant === null)
  ) {
    throw new RlMathError(
      'MISSING_ARGUMENT',
      `${where}: lengthNormalization 'masked_normalize' needs normalizeConstant (e.g. the max generation length), which is missing`,
    );
  }
  return tf.tidy(() => {
    const { loss: perToken, metadata } = computePolicyGradientLoss(
      policyLogProbs,
      lossType,
      rawRewards,
      advantages,
      oldLogProbs,
      cliprange,
    );
    const perSequence =
      lengthNormalization === 'masked_mean'
        ? maskedMean(perToken, responseMask, -1)
        : maskedNormalize(perToken, responseMask, -1, normalizeConstant as number); // (B,)
    const loss = tf.div(tf.mean(perSequence), tf.scalar(gradientAccumulationSteps, 'float32')) as tf.Scalar;
    if (metadata.clipped)
      metadata.clipFraction = maskedMean(tf.cast(metadata.clipped, 'float32'), responseMask, null);
    return { loss, metadata };
  });
}
