import type { Loss, LossInput, LossInputs, LossOutput } from '@reasonrl/core';
import { computePolicyGradientLoss, grpoMicrobatchTrainStep, maskedMean } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import type { GrpoNoClipLossConfig } from './config.js';

/**
 * GRPO-No-Clip: -ratio * A per token, ratio = pi / pi_old, with no trust region.
 * Metrics: `ratio_mean` (over all B*T tokens), `entropy` when token entropy is given.
 */
export class GrpoNoClipLoss implements Loss<tf.Tensor> {
  readonly name = 'grpo_no_clip';
  readonly requires: readonly LossInput[] = ['advantages', 'oldLogProbs'];

  constructor(readonly config: GrpoNoClipLossConfig) {}

  /** (B, T) loss, with `ratioMean` (scalar). */
  perTokenLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    return computePolicyGradientLoss(
      inputs.policyLogProbs,
      'grpo_no_clip',
      null,
      inputs.advantages,
      inputs.oldLogProbs,
    );
  }

  /** Scalar loss of one microbatch (divided by the accumulation steps) and scalar metrics; `inputs.options` overrides the config. */
  microbatchLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    const lengthNormalization = inputs.options?.lengthNormalization ?? this.config.lengthNormalization;
    const normalizeConstant = inputs.options?.normalizeConstant ?? this.config.normalizeConstant;
    return tf.tidy(() => {
      const { loss, metadata } = grpoMicrobatchTrainStep(
        inputs.policyLogProbs,
        inputs.responseMask,
        inputs.gradientAccumulationSteps,
        'grpo_no_clip',
        null,
        inputs.advantages,
        inputs.oldLogProbs,
        null,
        lengthNormalization,
        normalizeConstant,
      );
      const metrics: Record<string, tf.Tensor> = { ratio_mean: metadata.ratioMean };
      if (inputs.tokenEntropy) metrics.entropy = maskedMean(inputs.tokenEntropy, inputs.responseMask, null);
      return { loss, metadata: metrics };
    });
  }
}
