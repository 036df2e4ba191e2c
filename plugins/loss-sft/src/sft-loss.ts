import type { Loss, LossInput, LossInputs, LossOutput } from '@reasonrl/core';
import { maskedMean, sftMicrobatchTrainStep } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import type { SftLossConfig } from './config.js';

/**
 * SFT: the negative log-likelihood of the response tokens, summed per sequence and divided by
 * `normalizeConstant`. Metrics: `response_tokens` (count in the microbatch), `entropy` when token
 * entropy is given.
 */
export class SftLoss implements Loss<tf.Tensor> {
  readonly name = 'sft';
  readonly requires: readonly LossInput[] = [];
  /** -sum(mask * log p) / constant / batch: the gradient is -mask / (constant * batch * steps), whatever log p is. */
  readonly linearInLogProbs = true;

  constructor(readonly config: SftLossConfig) {}

  /** (B, T) per-token NLL, -log p (the mask is applied by the aggregation). */
  perTokenLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    return { loss: tf.neg(inputs.policyLogProbs), metadata: {} };
  }

  /** Scalar loss of one microbatch (divided by the accumulation steps) and scalar metrics; `inputs.options.normalizeConstant` overrides the config. */
  microbatchLoss(inputs: LossInputs<tf.Tensor>): LossOutput<tf.Tensor> {
    return tf.tidy(() => {
      const { loss, metadata } = sftMicrobatchTrainStep(
        inputs.policyLogProbs,
        inputs.responseMask,
        inputs.gradientAccumulationSteps,
        inputs.options?.normalizeConstant ?? this.config.normalizeConstant,
      );
      const metrics: Record<string, tf.Tensor> = { response_tokens: metadata.numResponseTokens };
      if (inputs.tokenEntropy) metrics.entropy = maskedMean(inputs.tokenEntropy, inputs.responseMask, null);
      return { loss, metadata: metrics };
    });
  }
}
