export { computeEntropy } from './compute-entropy.js';
export {
  computeGroupNormalizedRewards,
  type GroupNormalizedRewards,
  type GroupRewardMetadata,
  type RewardFn,
  type RewardScores,
} from './compute-group-normalized-rewards.js';
export { computeGrpoClipLoss, type GrpoClipMetadata } from './compute-grpo-clip-loss.js';
export { computeGrpoNoClipLoss, type GrpoNoClipMetadata } from './compute-grpo-no-clip-loss.js';
export {
  assertPolicyGradientLossType,
  computePolicyGradientLoss,
  POLICY_GRADIENT_LOSS_INPUTS,
  POLICY_GRADIENT_LOSS_TYPES,
  type PolicyGradientLossType,
} from './compute-policy-gradient-loss.js';
export { RlMathError } from './errors.js';
export { groupNormalize, groupStd } from './group-normalize.js';
export {
  grpoMicrobatchTrainStep,
  LENGTH_NORMALIZATIONS,
  type LengthNormalization,
} from './grpo-microbatch-train-step.js';
export { importanceRatio } from './importance-ratio.js';
export { maskedMean } from './masked-mean.js';
export { maskedNormalize } from './masked-normalize.js';
export { computeNaivePolicyGradientLoss } from './naive-policy-gradient-loss.js';
export {
  cliprangeField,
  lengthNormalizationFields,
  PolicyGradientLoss,
  type PolicyGradientLossConfig,
} from './policy-gradient-loss.js';
export { sftMicrobatchTrainStep } from './sft-microbatch-train-step.js';
export { formatShape } from './shapes.js';
export { type LossWithMetadata, variableGradsWithMetadata } from './variable-grads-with-metadata.js';
