/**
 * Adapters for the losses area (CS336 A5 tests/adapters.py `run_*`, in camelCase, positional
 * arguments in the assignment's order). Tensors in and out are on the `tf` engine re-exported here,
 * with the pure-JS `cpu` backend selected, so conformance code builds its inputs on the same engine.
 */
// tfjs-core registers no gradient functions in Node; the tfjs union bundle registers them all
// (and the cpu backend) on the same tfjs-core engine. The training backend needs the same import.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import {
  computeEntropy,
  computeGroupNormalizedRewards,
  computeGrpoClipLoss,
  computeGrpoNoClipLoss,
  computeNaivePolicyGradientLoss,
  computePolicyGradientLoss,
  grpoMicrobatchTrainStep,
  type LengthNormalization,
  type LossWithMetadata,
  maskedMean,
  maskedNormalize,
  type PolicyGradientLossType,
  type RewardFn,
  sftMicrobatchTrainStep,
  variableGradsWithMetadata,
} from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';

export { tf };

/** Selects the `cpu` backend once; every adapter calls it so a test file needs no setup of its own. */
export function useCpuBackend(): void {
  if (tf.getBackend() !== 'cpu') void tf.setBackend('cpu');
}

export function runComputeEntropy(logits: tf.Tensor): tf.Tensor {
  useCpuBackend();
  return computeEntropy(logits);
}

export function runMaskedMean(tensor: tf.Tensor, mask: tf.Tensor, dim: number | null = null): tf.Tensor {
  useCpuBackend();
  return maskedMean(tensor, mask, dim);
}

export function runMaskedNormalize(
  tensor: tf.Tensor,
  mask: tf.Tensor,
  dim: number | null = null,
  normalizeConstant = 1.0,
): tf.Tensor {
  useCpuBackend();
  return maskedNormalize(tensor, mask, dim, normalizeConstant);
}

export function runComputeGroupNormalizedRewards<G>(
  rewardFn: RewardFn<G>,
  rolloutResponses: readonly string[],
  repeatedGroundTruths: readonly G[],
  groupSize: number,
  advantageEps: number,
  normalizeByStd: boolean,
) {
  useCpuBackend();
  return computeGroupNormalizedRewards(
    rewardFn,
    rolloutResponses,
    repeatedGroundTruths,
    groupSize,
    advantageEps,
    normalizeByStd,
  );
}

export function runComputeNaivePolicyGradientLoss(
  rawRewardsOrAdvantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
): tf.Tensor {
  useCpuBackend();
  return computeNaivePolicyGradientLoss(rawRewardsOrAdvantages, policyLogProbs);
}

export function runComputeGrpoClipLoss(
  advantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
  cliprange: number,
) {
  useCpuBackend();
  return computeGrpoClipLoss(advantages, policyLogProbs, oldLogProbs, cliprange);
}

/** GRPO-No-Clip (`grpo_no_clip`), which the assignment reaches only through the dispatcher. */
export function runComputeGrpoNoClipLoss(
  advantages: tf.Tensor,
  policyLogProbs: tf.Tensor,
  oldLogProbs: tf.Tensor,
) {
  useCpuBackend();
  return computeGrpoNoClipLoss(advantages, policyLogProbs, oldLogProbs);
}

export function runComputePolicyGradientLoss(
  policyLogProbs: tf.Tensor,
  lossType: PolicyGradientLossType,
  rawRewards?: tf.Tensor | null,
  advantages?: tf.Tensor | null,
  oldLogProbs?: tf.Tensor | null,
  cliprange?: number | null,
) {
  useCpuBackend();
  return computePolicyGradientLoss(policyLogProbs, lossType, rawRewards, advantages, oldLogProbs, cliprange);
}

/** A microbatch step's result as the CS336 tests read it: the logged loss and d loss / d policyLogProbs. */
export interface TrainStepResult {
  /** Scalar loss (already divided by the accumulation steps). */
  loss: tf.Scalar;
  /** (B, T) gradient of `loss` with respect to policyLogProbs (one call: no accumulation). */
  grad: tf.Tensor;
  metadata: Record<string, tf.Tensor>;
}

/** Differentiates `step` with respect to policyLogProbs the way the training backend does (tf.variableGrads). */
function withGrad(
  policyLogProbs: tf.Tensor,
  step: (logProbs: tf.Tensor) => LossWithMetadata,
): TrainStepResult {
  useCpuBackend();
  const variable = tf.variable(policyLogProbs, true);
  try {
    const { value, grads, metadata } = variableGradsWithMetadata(() => step(variable), [variable]);
    return { loss: value, grad: grads[variable.name], metadata };
  } finally {
    variable.dispose();
  }
}

export function runSftMicrobatchTrainStep(
  policyLogProbs: tf.Tensor,
  responseMask: tf.Tensor,
  gradientAccumulationSteps: number,
  normalizeConstant = 1.0,
): TrainStepResult {
  return withGrad(policyLogProbs, (lp) =>
    sftMicrobatchTrainStep(lp, responseMask, gradientAccumulationSteps, normalizeConstant),
  );
}

export function runGrpoMicrobatchTrainStep(
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
): TrainStepResult {
  return withGrad(policyLogProbs, (lp) =>
    grpoMicrobatchTrainStep(
      lp,
      responseMask,
      gradientAccumulationSteps,
      lossType,
      rawRewards,
      advantages,
      oldLogProbs,
      cliprange,
      lengthNormalization,
      normalizeConstant,
    ),
  );
}
