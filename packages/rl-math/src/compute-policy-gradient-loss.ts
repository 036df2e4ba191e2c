import type * as tf from '@tensorflow/tfjs-core';
import { computeGrpoClipLoss } from './compute-grpo-clip-loss.js';
import { computeGrpoNoClipLoss } from './compute-grpo-no-clip-loss.js';
import { RlMathError } from './errors.js';
import { computeNaivePolicyGradientLoss } from './naive-policy-gradient-loss.js';

/** The policy-gradient losses, by the names configs use. */
export const POLICY_GRADIENT_LOSS_TYPES = [
  'no_baseline',
  'reinforce_with_baseline',
  'grpo_clip',
  'grpo_no_clip',
] as const;
export type PolicyGradientLossType = (typeof POLICY_GRADIENT_LOSS_TYPES)[number];

/** The arguments each loss type reads (besides policyLogProbs). */
export const POLICY_GRADIENT_LOSS_INPUTS: Record<
  PolicyGradientLossType,
  readonly ('rawRewards' | 'advantages' | 'oldLogProbs' | 'cliprange')[]
> = {
  no_baseline: ['rawRewards'],
  reinforce_with_baseline: ['advantages'],
  grpo_clip: ['advantages', 'oldLogProbs', 'cliprange'],
  grpo_no_clip: ['advantages', 'oldLogProbs'],
};

/** Throws unless `lossType` is one of POLICY_GRADIENT_LOSS_TYPES, listing them. */
export function assertPolicyGradientLossType(
  where: string,
  lossType: unknown,
): asserts lossType is PolicyGradientLossType {
  if (!POLICY_GRADIENT_LOSS_TYPES.includes(lossType as PolicyGradientLossType)) {
    throw new RlMathError(
      'UNKNOWN_LOSS_TYPE',
      `${where}: unknown lossType '${String(lossType)}'; known loss types: ${POLICY_GRADIENT_LOSS_TYPES.join(', ')}`,
    );
  }
}

function required<T>(lossType: string, name: string, value: T | null | undefined): T {
  if (value === undefined || value === null) {
    throw new RlMathError(
      'MISSING_ARGUMENT',
      `computePolicyGradientLoss: lossType '${lossType}' needs ${name}, which is missing`,
    );
  }
  return value;
}

/**
 * Per-token policy-gradient loss of the chosen type (CS336's `compute_policy_gradient_loss`):
 * - `no_baseline`: -R * log p with raw rewards;
 * - `reinforce_with_baseline`: -A * log p with group-normalized advantages;
 * - `grpo_clip`: -min(ratio * A, clip(ratio, 1 +- cliprange) * A);
 * - `grpo_no_clip`: -ratio * A.
 * Arguments a type does not read may be omitted; one it reads and is missing is named in the error.
 *
 * @param policyLogProbs (B, T).
 * @param rawRewards (B, 1), for `no_baseline`.
 * @param advantages (B, 1), for the other three.
 * @param oldLogProbs (B, T), for `grpo_clip` and `grpo_no_clip`.
 * @param cliprange for `grpo_clip`.
 * @returns loss (B, T) and the loss type's metadata tensors (empty for the REINFORCE losses).
 */
export function computePolicyGradientLoss(
  policyLogProbs: tf.Tensor,
  lossType: PolicyGradientLossType,
  rawRewards?: tf.Tensor | null,
  advantages?: tf.Tensor | null,
  oldLogProbs?: tf.Tensor | null,
  cliprange?: number | null,
): { loss: tf.Tensor; metadata: Record<string, tf.Tensor> } {
  assertPolicyGradientLossType('computePolicyGradientLoss', lossType);
  switch (lossType) {
    case 'no_baseline':
      return {
        loss: computeNaivePolicyGradientLoss(required(lossType, 'rawRewards', rawRewards), policyLogProbs),
        metadata: {},
      };
    case 'reinforce_with_baseline':
      return {
        loss: computeNaivePolicyGradientLoss(required(lossType, 'advantages', advantages), policyLogProbs),
        metadata: {},
      };
    case 'grpo_clip': {
      const { loss, metadata } = computeGrpoClipLoss(
        required(lossType, 'advantages', advantages),
        policyLogProbs,
        required(lossType, 'oldLogProbs', oldLogProbs),
        required(lossType, 'cliprange', cliprange),
      );
      return { loss, metadata: { ...metadata } };
    }
    case 'grpo_no_clip': {
      const { loss, metadata } = computeGrpoNoClipLoss(
        required(lossType, 'advantages', advantages),
        policyLogProbs,
        required(lossType, 'oldLogProbs', oldLogProbs),
      );
      return { loss, metadata: { ...metadata } };
    }
  }
}
