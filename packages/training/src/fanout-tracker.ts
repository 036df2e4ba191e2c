import type { Tracker } from '@reasonrl/core';

/**
 * One Tracker that forwards every call to several (e.g. `jsonl` and `tensorboard`), in order.
 * Trackers that appear twice (same object or same name) are kept once.
 */
export class FanoutTracker implements Tracker {
  readonly name: string;
  readonly trackers: readonly Tracker[];

  constructor(trackers: readonly Tracker[]) {
    const kept: Tracker[] = [];
    for (const t of trackers) if (!kept.some((k) => k === t || k.name === t.name)) kept.push(t);
    this.trackers = kept;
    this.name = kept.map((t) => t.name).join('+');
  }

  async log(step: number, metrics: Record<string, number>): Promise<void> {
    for (const t of this.trackers) await t.log(step, metrics);
  }

  async logText(step: number, key: string, text: string): Promise<void> {
    for (const t of this.trackers) await t.logText?.(step, key, text);
  }

  async close(): Promise<void> {
    for (const t of this.trackers) await t.close?.();
  }
}
