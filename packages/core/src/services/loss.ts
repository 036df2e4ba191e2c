export const Loss = Symbol.for('reasonrl.Loss');

/** Batch extras a loss may need besides the policy's log-probs and the response mask. */
export type LossInput = 'rawRewards' | 'advantages' | 'oldLogProbs';

/**
 * Per-call settings that override a loss plugin's own config section, for an algorithm that owns
 * these knobs in its config (e.g. `grpo.cliprange`). A field left undefined keeps the plugin's value.
 */
export interface LossOptions {
  /** `masked_mean`: divide each sequence by its response length; `masked_normalize`: by `normalizeConstant`. */
  lengthNormalization?: 'masked_mean' | 'masked_normalize';
  /** Divisor for `masked_normalize` (e.g. the max generation length, Dr. GRPO), and for `sft`. */
  normalizeConstant?: number;
  /** Epsilon of `grpo_clip`'s clip interval [1 - eps, 1 + eps]. */
  cliprange?: number;
}

/**
 * One microbatch as a loss sees it. Every tensor is on the backend's tensor library (`TTensor`);
 * B is the microbatch size and T the sequence length (CS336 layout: labels = full[:, 1:]).
 */
export interface LossInputs<TTensor = unknown> {
  /** (B, T) log p(label_t | prefix) under the policy being trained: the tensor gradients flow through. */
  policyLogProbs: TTensor;
  /** (B, T) 1 (or true) on response tokens, 0 on prompt and padding. */
  responseMask: TTensor;
  /** Microbatches per optimizer step; the returned loss is already divided by it. */
  gradientAccumulationSteps: number;
  /** (B, T) entropy of the next-token distribution; when given, its masked mean is reported as `entropy`. */
  tokenEntropy?: TTensor;
  /** (B, 1) raw reward of each rollout (`no_baseline`). */
  rawRewards?: TTensor;
  /** (B, 1) group-normalized advantage of each rollout (`reinforce_with_baseline`, `grpo_*`). */
  advantages?: TTensor;
  /** (B, T) log-probs under the policy that sampled the rollouts, no gradient (`grpo_*`). */
  oldLogProbs?: TTensor;
  /** Overrides of the plugin's config for this call. */
  options?: LossOptions;
}

/** What a loss returns: tensors the caller owns (and disposes). */
export interface LossOutput<TTensor = unknown> {
  /** The loss tensor: (B, T) from `perTokenLoss`, a scalar from `microbatchLoss`. */
  loss: TTensor;
  /** Scalar tensors named by their logged metric (`clip_fraction`, `entropy`, ...). */
  metadata: Record<string, TTensor>;
}

/**
 * A loss chosen by config (`sft`, `no_baseline`, `reinforce_with_baseline`, `grpo_clip`,
 * `grpo_no_clip`). Core knows nothing of tensors, so the tensor type is a parameter: the tfjs
 * backend instantiates it with `tf.Tensor`. Both methods are pure functions of their tensors, so a
 * backend calls `microbatchLoss` inside its gradient closure (`tf.variableGrads`), and tests call it
 * directly.
 */
export interface Loss<TTensor = unknown> {
  readonly name: string;
  /** The extras `microbatchLoss` reads; the algorithm computes (e.g. old log-probs) only those. */
  readonly requires: readonly LossInput[];
  /**
   * True when `microbatchLoss` is linear in `policyLogProbs` and `tokenEntropy` (sft, no_baseline,
   * reinforce_with_baseline; not the ratio losses grpo_clip / grpo_no_clip): its gradient with respect to them
   * does not depend on their values, so a backend may compute it before the forward pass and run forward and
   * backward as one pass. A hint only: backends check it and fall back when it does not hold.
   */
  readonly linearInLogProbs?: boolean;
  /** Per-token loss (B, T) before any aggregation, with per-token metadata (e.g. clipped flags). */
  perTokenLoss(inputs: LossInputs<TTensor>): LossOutput<TTensor>;
  /**
   * The scalar to differentiate for one microbatch: per-token loss aggregated per sequence (length
   * normalization chosen by config), averaged over the batch, divided by the accumulation steps.
   */
  microbatchLoss(inputs: LossInputs<TTensor>): LossOutput<TTensor>;
}
