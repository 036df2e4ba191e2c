import { type Loss, type LossInput, type LossInputs, type LossOutput, z } from '@reasonrl/core';
import * as tf from '@tensorflow/tfjs-core';
import { computePolicyGradientLoss, type PolicyGradientLossType } from './compute-policy-gradient-loss.js';
import {
  grpoMicrobatchTrainStep,
  LENGTH_NORMALIZATIONS,
  type LengthNormalization,
} from './grpo-microbatch-train-step.js';
import { maskedMean } from './masked-mean.js';

/** Config fields every policy-gradient Loss plugin shares (spread into its zod schema). */
export const lengthNormalizationFields = {
  lengthNormalization: z
    .enum(LENGTH_NORMALIZATIONS)
    .default('masked_mean')
    .describe(
      "How a sequence's token losses become one number. masked_mean: divide by its own response length (GRPO, Shao et al. 2024; CS336 default). masked_normalize: divide by normalizeConstant, so every token weighs the same (Dr. GRPO, Liu et al. 2025).",
    ),
  normalizeConstant: z
    .number()
    .positive()
    .default(1024)
    .describe(
      'Divisor for masked_normalize, normally the max generation length (CS336 sampling_max_tokens = 1024); ignored by masked_mean.',
    ),
};

/** The trust-region field of `grpo_clip`. */
export const cliprangeField = {
  cliprange: z
    .number()
    .min(0)
    .default(0.2)
    .describe(
      'Epsilon of the trust region: the ratio pi/pi_old is clipped to [1 - eps, 1 + eps] (PPO, Schulman et al. 2017; CS336 A5 uses 0.2).',
    ),
};

export interface PolicyGradientLossConfig {
  lengthNormalization: LengthNormalization;
  normalizeConstant: number;
  cliprange?: number;
}

/** Which batch extras each loss type reads (so algorithms compute only those, e.g. old log-probs). */
const REQUIRES: Record<PolicyGradientLossType, readonly LossInput[]> = {
  no_baseline: ['rawRewards'],
  reinforce_with_baseline: ['advantages'],
  grpo_clip: ['advantages', 'oldLogProbs'],
  grpo_no_clip: ['advantages', 'oldLogProbs'],
};

/**
 * A core `Loss` for one policy-gradient loss type: `perTokenLoss` is `computePolicyGradientLoss`,
 * `microbatchLoss` is `grpoMicrobatchTrainStep` (length normalization, batch mean, / accumulation
 * steps). `inputs.options` override the plugin's config for a call. Metrics: `clip_fraction`
 * (grpo_clip), `ratio_mean` (grpo_no_clip), `entropy` when token entropy is given.
 */
export class PolicyGradientLoss implements Loss<tf.Tensor> {
  readonly requires: readonly LossInput[];
  /** -R log p and -A log p are linear in log p; the ratio losses (exp(log p - old)) are not. */
  readonly linearInLogProbs: boolean;

  constructor(
    readonly name: PolicyGradientLossType,
    readonly config: PolicyGradientLossConfig,
  ) {
    this.requires = REQUIRES[name];
    this.linearInLogProbs = name === 'no_baseline' || name === 'reinforce_with_baseline';
  }

  private cliprange(inputs: LossInputs<tf.Tensor>): number | null {
    return this.name === 'grpo_clip' ? (inputs.options?.cliprange ?? this.config.cliprange ?? 0.2) : null;
  }

  /** (B, T) loss with the loss type's per-token metadata (e.g. `clipped`). */
  perTokenLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    return computePolicyGradientLoss(
      inputs.policyLogProbs,
      this.name,
      inputs.rawRewards ?? null,
      inputs.advantages ?? null,
      inputs.oldLogProbs ?? null,
      this.cliprange(inputs),
    );
  }

  /** Scalar loss of one microbatch (divided by the accumulation steps) and scalar metrics. */
  microbatchLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    const lengthNormalization = inputs.options?.lengthNormalization ?? this.config.lengthNormalization;
    const normalizeConstant = inputs.options?.normalizeConstant ?? this.config.normalizeConstant;
    const usesOld = this.name === 'grpo_clip' || this.name === 'grpo_no_clip';
    return tf.tidy(() => {
      const { loss, metadata } = grpoMicrobatchTrainStep(
        inputs.policyLogProbs,
        inputs.responseMask,
        inputs.gradientAccumulationSteps,
        this.name,
        this.name === 'no_baseline' ? (inputs.rawRewards ?? null) : null,
        this.name === 'no_baseline' ? null : (inputs.advantages ?? null),
        usesOld ? (inputs.oldLogProbs ?? null) : null,
        this.cliprange(inputs),
        lengthNormalization,
        normalizeConstant,
      );
      const metrics: Record<string, tf.Tensor> = {};
      if (this.name === 'grpo_clip') metrics.clip_fraction = metadata.clipFraction;
      if (this.name === 'grpo_no_clip') metrics.ratio_mean = metadata.ratioMean;
      if (inputs.tokenEntropy) metrics.entropy = maskedMean(inputs.tokenEntropy, inputs.responseMask, null);
      return { loss, metadata: metrics };
    });
  }
}
