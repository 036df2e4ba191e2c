/** The phases of a training step whose wall time is logged as `time/<phase>` (seconds). */
export const TIMING_PHASES = [
  'generate',
  'grade',
  'old_logprob',
  'train',
  'sync',
  'eval',
  'checkpoint',
] as const;
export type TimingPhase = (typeof TIMING_PHASES)[number];

/**
 * Accumulates wall time per phase over one step, so the log shows where a step's time went
 * (`time/generate`, `time/grade`, `time/old_logprob`, `time/train`, `time/sync`, ...).
 * `now` is injectable so tests use a fake clock.
 */
export class StepTimer {
  private totals = new Map<TimingPhase, number>();
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Runs `fn`, adding its duration (also when it throws) to `phase`. */
  async time<T>(phase: TimingPhase, fn: () => Promise<T> | T): Promise<T> {
    const t0 = this.now();
    try {
      return await fn();
    } finally {
      this.add(phase, this.now() - t0);
    }
  }

  /** Adds `ms` milliseconds to `phase` (for times measured elsewhere, e.g. the sampler's sync). */
  add(phase: TimingPhase, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** `{ 'time/<phase>': seconds }` for every phase timed since the last reset, then resets. */
  flush(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [phase, ms] of this.totals) out[`time/${phase}`] = ms / 1000;
    this.totals.clear();
    return out;
  }
}
