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
