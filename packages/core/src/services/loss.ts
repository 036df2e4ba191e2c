export const Loss = Symbol.for('reasonrl.Loss');

/**
 * A per-token loss chosen by config (`sft`, `no_baseline`, `reinforce_with_baseline`, `grpo_clip`,
 * `grpo_no_clip`). Core knows nothing of tensors, so the tensor type is a parameter: the tfjs
 * backend instantiates it with `tf.Tensor`.
 */
export interface Loss<TTensor = unknown, TInputs = Record<string, unknown>> {
  readonly name: string;
  /** Per-token loss (B, T) and scalar metadata (e.g. clip fraction) for the given inputs. */
  perTokenLoss(inputs: TInputs & { policyLogProbs: TTensor }): { loss: TTensor; metadata: Record<string, TTensor> };
}
