import type { Loss, LossInput, LossInputs, LossOutput } from '@reasonrl/core';
import { computePolicyGradientLoss, grpoMicrobatchTrainStep, maskedMean } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import type { NoBaselineLossConfig } from './config.js';

/**
 * -R * log p with the raw reward R per token, the REINFORCE policy gradient.
 * Metrics: `entropy` when token entropy is given.
 */
export class NoBaselineLoss implements Loss<tf.Tensor> {
  readonly name = 'no_baseline';
  readonly requires: readonly LossInput[] = ['rawRewards'];

  constructor(readonly config: NoBaselineLossConfig) {}

  /** (B, T) loss; no metadata. */
  perTokenLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    return computePolicyGradientLoss(
      inputs.policyLogProbs,
      'no_baseline',
      inputs.rawRewards,
      inputs.advantages,
    );
  }

  /** Scalar loss of one microbatch (divided by the accumulation steps) and scalar metrics; `inputs.options` overrides the config. */
  microbatchLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    const lengthNormalization = inputs.options?.lengthNormalization ?? this.config.lengthNormalization;
    const normalizeConstant = inputs.options?.normalizeConstant ?? this.config.normalizeConstant;
    return tf.tidy(() => {
      const { loss } = grpoMicrobatchTrainStep(
        inputs.policyLogProbs,
        inputs.responseMask,
        inputs.gradientAccumulationSteps,
        'no_baseline',
        inputs.rawRewards,
        inputs.advantages,
        null,
        null,
        lengthNormalization,
        normalizeConstant,
      );
      const metrics: Record<string, tf.Tensor> = {};
      if (inputs.tokenEntropy) metrics.entropy = maskedMean(inputs.tokenEntropy, inputs.responseMask, null);
      return { loss, metadata: metrics };
    });
  }
}
