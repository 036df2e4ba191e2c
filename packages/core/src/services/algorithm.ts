import type { Kernel } from '../kernel-types.js';
import type { Progress } from './progress.js';
import type { Tracker } from './tracker.js';

/** What an algorithm gets when it runs: the kernel to resolve services, and where to write. */
export interface AlgorithmContext {
  kernel: Kernel;
  /** The run directory (created by the host, holds config.json, metrics, checkpoints). */
  runDir: string;
  tracker: Tracker;
  progress: Progress;
  /** Set when the run continues a previous one in `runDir`. */
  resume?: boolean;
  signal?: AbortSignal;
}

export interface AlgorithmResult {
  /** Final metrics, e.g. validation accuracy. */
  metrics: Record<string, number>;
  /** Files the run wrote, relative to the run directory. */
  artifacts?: string[];
  /** Tensor platform / execution provider actually used, by service (recorded in run.json). */
  devices?: Record<string, string>;
}

export const Algorithm = Symbol.for('reasonrl.Algorithm');
/** Owns a loop (SFT, Expert Iteration, GRPO ...); pieces never call back into it. */
export interface Algorithm {
  readonly name: string;
  run(context: AlgorithmContext): Promise<AlgorithmResult>;
}
