import type { Loss, LossInput, LossInputs, LossOutput } from '@reasonrl/core';
import { computePolicyGradientLoss, grpoMicrobatchTrainStep, maskedMean } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import type { GrpoClipLossConfig } from './config.js';

/**
 * GRPO-Clip: -min(ratio * A, clip(ratio, 1 - eps, 1 + eps) * A) per token, ratio = pi / pi_old.
 * Metrics: `clip_fraction` (response tokens whose clipped term won), `entropy` when token entropy
 * is given.
 */
export class GrpoClipLoss implements Loss<tf.Tensor> {
  readonly name = 'grpo_clip';
  readonly requires: readonly LossInput[] = ['advantages', 'oldLogProbs'];

  constructor(readonly config: GrpoClipLossConfig) {}

  /** (B, T) loss, with `clipped` (B, T) bool and `clipFraction` over all B*T tokens. */
  perTokenLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    const cliprange = inputs.options?.cliprange ?? this.config.cliprange;
    return computePolicyGradientLoss(
      inputs.policyLogProbs,
      'grpo_clip',
      null,
      inputs.advantages,
      inputs.oldLogProbs,
      cliprange,
    );
  }

  /** Scalar loss of one microbatch (divided by the accumulation steps) and scalar metrics; `inputs.options` overrides the config. */
  microbatchLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    const cliprange = inputs.options?.cliprange ?? this.config.cliprange;
    const lengthNormalization = inputs.options?.lengthNormalization ?? this.config.lengthNormalization;
    const normalizeConstant = inputs.options?.normalizeConstant ?? this.config.normalizeConstant;
    return tf.tidy(() => {
      const { loss, metadata } = grpoMicrobatchTrainStep(
        inputs.policyLogProbs,
        inputs.responseMask,
        inputs.gradientAccumulationSteps,
        'grpo_clip',
        null,
        inputs.advantages,
        inputs.oldLogProbs,
        cliprange,
        lengthNormalization,
        normalizeConstant,
      );
      const metrics: Record<string, tf.Tensor> = { clip_fraction: metadata.clipFraction };
      if (inputs.tokenEntropy) metrics.entropy = maskedMean(inputs.tokenEntropy, inputs.responseMask, null);
      return { loss, metadata: metrics };
    });
  }
}
