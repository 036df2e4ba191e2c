/** How the learning rate moves over optimizer steps. */
export type LrSchedule =
  /** The base lr at every step. */
  | { type: 'constant' }
  /**
   * Linear warmup from 0 over `warmupSteps`, then cosine decay to `minLrRatio * lr` at `totalSteps`
   * (transformers' get_cosine_schedule_with_warmup with a floor).
   */
  | { type: 'cosine'; warmupSteps: number; totalSteps: number; minLrRatio?: number };

/** The learning rate for 0-based optimizer step `step` (the step about to be taken). */
export function learningRateAt(baseLr: number, schedule: LrSchedule, step: number): number {
  if (schedule.type === 'constant') return baseLr;
  const { warmupSteps, totalSteps } = schedule;
  const floor = schedule.minLrRatio ?? 0;
  if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
    throw new Error(
      `cosine schedule needs 0 <= warmupSteps (${warmupSteps}) <= totalSteps (${totalSteps}) and totalSteps > 0`,
    );
  }
  if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  return baseLr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
