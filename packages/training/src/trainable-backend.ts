import type {
  Backend,
  Loss,
  LossOptions,
  OptimizerSettings,
  TokenBatch,
  TrainStepResult,
} from '@reasonrl/core';
import { TrainingError } from './errors.js';

/**
 * One microbatch for a training step: the CS336 batch layout plus the extras a Loss may require
 * (`Loss.requires`). Shapes: B rows, T = sequence length - 1.
 */
export interface TrainMicrobatch extends TokenBatch {
  /** (B,) raw reward of each rollout (`no_baseline`). */
  rawRewards?: number[];
  /** (B,) group-normalized advantage of each rollout (`reinforce_with_baseline`, `grpo_*`). */
  advantages?: number[];
  /** (B, T) log-probs under the policy that sampled the rollouts, computed without gradient (`grpo_*`). */
  oldLogProbs?: number[][];
}

/** The tokenizer calls an algorithm needs to turn text into `TokenBatch`es. */
export interface BatchTokenizer {
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  readonly padTokenId: number;
}

/**
 * What the training loops need from a Backend besides inference: one optimizer step over
 * microbatches with a Loss (gradient accumulation, global-norm clipping, AdamW), the optimizer
 * state for checkpoints, and its tokenizer. This is the proposed extension of core's `Backend`
 * (see the package README); until core has it, `requireTrainable` checks for it at run time.
 */
export interface TrainableBackend extends Backend {
  readonly tokenizer: BatchTokenizer;
  /**
   * One optimizer step: for each microbatch, `loss.microbatchLoss` on the policy's log-probs (with
   * the extras the loss requires and `gradientAccumulationSteps = microbatches.length`), gradients summed over microbatches, clipped to
   * `optimizer.maxGradNorm`, then one AdamW update. `loss` in the result is the sum over
   * microbatches of the logged (already divided) loss; `metadata` holds the loss's metrics averaged
   * over microbatches (e.g. `clip_fraction`, `entropy`). `lossOptions` go to the loss as
   * `LossInputs.options`; with `returnTokenEntropy` the loss also gets `tokenEntropy`.
   */
  trainStep(
    microbatches: readonly TrainMicrobatch[],
    loss: Loss,
    optimizer: OptimizerSettings,
    options?: { lossOptions?: LossOptions; returnTokenEntropy?: boolean },
  ): Promise<TrainStepResult>;
  /** Write the optimizer's state (moments, step count) into `dir`. */
  saveOptimizerState(dir: string): Promise<void>;
  /** Restore what `saveOptimizerState` wrote. */
  loadOptimizerState(dir: string): Promise<void>;
  /** Replace the weights with the HF checkpoint in `dir` (what `save` wrote). */
  loadWeights(dir: string): Promise<void>;
}

const REQUIRED = ['trainStep', 'saveOptimizerState', 'loadOptimizerState', 'loadWeights'] as const;

/** The backend as a TrainableBackend, or a clear error naming what it lacks. */
export function requireTrainable(backend: Backend, algorithm: string): TrainableBackend {
  const b = backend as Partial<TrainableBackend> & Backend;
  const missing: string[] = REQUIRED.filter((m) => typeof b[m] !== 'function');
  if (!b.tokenizer || typeof b.tokenizer.encode !== 'function') missing.push('tokenizer');
  if (missing.length) {
    throw new TrainingError(
      'BACKEND_NOT_TRAINABLE',
      `${algorithm}: backend '${backend.name}' cannot train: it lacks ${missing.join(', ')} (choose a trainable backend with use.backend, e.g. tfjs)`,
    );
  }
  return b as TrainableBackend;
}
