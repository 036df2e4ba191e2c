import type { Completion } from '@reasonrl/core';
import type { OnnxSamplerConfig } from './config.js';
import type { LoopStats } from './generate-loop.js';
import type { RolloutCall } from './local-rollouts.js';
import type { PackedWeights } from './weight-pack.js';

/** What a rollout worker starts from (`workerData`): the checkpoint to load and its own sampler options. */
export interface RolloutWorkerData {
  modelDir: string;
  options: OnnxSamplerConfig;
  /** The TypeScript entry to import after registering tsx (source checkouts only; see `rolloutWorkerEntry`). */
  entry?: string;
}

/** Requests to a worker, answered by a `WorkerReply` with the same id. */
export type WorkerRequest =
  | { id: number; kind: 'generate'; call: RolloutCall }
  | { id: number; kind: 'weights'; weights: PackedWeights }
  | { id: number; kind: 'release' };

/** An error crossing the thread boundary: a `ReasonrlError`'s code (if any) and message. */
export interface WorkerError {
  code?: string;
  message: string;
  stack?: string;
}

export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'failed'; error: WorkerError }
  | { id: number; kind: 'progress' }
  | { id: number; kind: 'generated'; completions: Completion[][]; stats: LoopStats }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'error'; error: WorkerError };

export function toWorkerError(err: unknown): WorkerError {
  const e = err as { code?: unknown; message?: unknown; stack?: unknown };
  return {
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
  };
}
