import type { Loss, LossOptions } from './loss.js';
import type { NamedWeights } from './sampler.js';

/** A batch in the CS336 layout: `inputIds = full[:, :-1]`, `labels = full[:, 1:]`, both (B, T). */
export interface TokenBatch {
  inputIds: number[][];
  labels: number[][];
  /** (B, T): 1 where the label is a response token. */
  responseMask: number[][];
}

export interface LogProbsResult {
  /** (B, T) log p(labels[b][t] | inputIds[b][:t+1]). */
  logProbs: number[][];
  /** (B, T) entropy of the next-token distribution, when asked for. */
  tokenEntropy?: number[][];
}

export interface OptimizerSettings {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** Global-norm clip; <= 0 disables clipping. */
  maxGradNorm: number;
}

export interface TrainStepResult {
  /** The loss as logged (already divided by the accumulation steps where that applies). */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  metadata?: Record<string, number>;
}

export const Backend = Symbol.for('reasonrl.Backend');
/**
 * A trainable policy. Tensor types stay inside the backend: the interface speaks plain arrays so
 * algorithms and core never import a tensor library.
 */
export interface Backend {
  readonly name: string;
  /** Which tensor platform actually runs (recorded in the run directory). */
  readonly platform: string;
  logProbs(batch: TokenBatch, options?: { returnTokenEntropy?: boolean }): Promise<LogProbsResult>;
  exportWeights(): Promise<NamedWeights>;
  importWeights(weights: NamedWeights): Promise<void>;
  save(dir: string): Promise<void>;
  dispose?(): Promise<void> | void;
}

/**
 * One microbatch of a training step: the CS336 layout plus the extras a Loss may require
 * (`Loss.requires`). B rows, T = sequence length - 1.
 */
export interface TrainMicrobatch extends TokenBatch {
  /** (B,) raw reward of each rollout (`no_baseline`). */
  rawRewards?: number[];
  /** (B,) group-normalized advantage of each rollout (`reinforce_with_baseline`, `grpo_*`). */
  advantages?: number[];
  /** (B, T) log-probs under the policy that sampled the rollouts, without gradient (`grpo_*`). */
  oldLogProbs?: number[][];
}

/** The tokenizer calls an algorithm needs to build `TokenBatch`es from text. */
export interface BatchTokenizer {
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  readonly padTokenId: number;
}

/**
 * A Backend that can train: what SFT, Expert Iteration and GRPO need besides inference.
 * `trainStep` runs `loss.microbatchLoss` on every microbatch (with the extras it requires and
 * `gradientAccumulationSteps = microbatches.length`), sums the gradients, clips them to
 * `optimizer.maxGradNorm` and takes one AdamW step. `loss` in the result is the sum of the logged
 * (already divided) microbatch losses; `metadata` averages the loss's metrics over microbatches.
 */
export interface TrainableBackend extends Backend {
  readonly tokenizer: BatchTokenizer;
  trainStep(
    microbatches: readonly TrainMicrobatch[],
    loss: Loss,
    optimizer: OptimizerSettings,
    options?: {
      lossOptions?: LossOptions;
      returnTokenEntropy?: boolean;
      /**
       * The microbatches' `oldLogProbs` came from this backend's `logProbs` at its current weights (on-policy: the
       * first optimizer step after scoring): the policy's log-probs will equal them, so a backend may take the
       * loss's gradient there before its forward pass. A hint for speed; results must not depend on it.
       */
      oldLogProbsCurrent?: boolean;
    },
  ): Promise<TrainStepResult>;
  /** Write the optimizer's state (moments, step count) into `dir`. */
  saveOptimizerState(dir: string): Promise<void>;
  /** Restore what `saveOptimizerState` wrote. */
  loadOptimizerState(dir: string): Promise<void>;
  /** Replace the weights with the Hugging Face checkpoint in `dir` (what `save` wrote). */
  loadWeights(dir: string): Promise<void>;
  /**
   * Forget the optimizer's moments and step count, so the next `trainStep` starts a fresh AdamW on
   * the current weights (a new training stage must not keep moving weights with the last stage's momentum).
   */
  resetOptimizer(): void;
}
