import { TrainingError } from './errors.js';

/** A NaN or ±Inf in a loss or gradient norm: which step, which metric, and what was kept. */
export class NonFiniteError extends TrainingError {
  readonly step: number;
  readonly metric: string;
  readonly value: number;
  readonly lastCheckpoint?: string;
  constructor(step: number, metric: string, value: number, lastCheckpoint?: string) {
    const kept = lastCheckpoint
      ? `the last good checkpoint is kept at ${lastCheckpoint} (resume from the run directory with --resume)`
      : 'no checkpoint was written before this step';
    super('NON_FINITE', `step ${step}: metric '${metric}' is ${value}; the run stops here and ${kept}`);
    this.name = 'NonFiniteError';
    this.step = step;
    this.metric = metric;
    this.value = value;
    this.lastCheckpoint = lastCheckpoint;
  }
}

/** The metrics whose non-finite value means training has diverged (others, e.g. a std over one group, may be NaN). */
export const GUARDED_METRICS: readonly string[] = ['loss', 'grad_norm'];

/**
 * Throws a `NonFiniteError` naming the first guarded metric (in `GUARDED_METRICS` order, then any
 * `extra` names) that is NaN or ±Inf. Call it after each optimizer step, before checkpointing, so the
 * checkpoint on disk is always the last good one.
 */
export function assertFiniteMetrics(
  step: number,
  metrics: Record<string, number>,
  options: { lastCheckpoint?: string; extra?: readonly string[] } = {},
): void {
  for (const name of [...GUARDED_METRICS, ...(options.extra ?? [])]) {
    if (!(name in metrics)) continue;
    const v = metrics[name];
    if (!Number.isFinite(v)) throw new NonFiniteError(step, name, v, options.lastCheckpoint);
  }
}
