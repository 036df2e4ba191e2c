import { join } from 'node:path';
import type { Tracker } from '@reasonrl/core';
import { appendJsonl } from '@reasonrl/run-io';

/**
 * The tracker a stage's Algorithm logs to: every record goes to `<stage dir>/metrics.jsonl` (and
 * `samples.jsonl` for text), and to the run's own tracker with keys prefixed by the stage label
 * (`sft/loss`), so one TensorBoard/JSONL view shows the whole pipeline.
 */
export class StageTracker implements Tracker {
  readonly name: string;
  constructor(
    private readonly stageDir: string,
    private readonly label: string,
    private readonly parent: Tracker,
  ) {
    this.name = parent.name;
  }

  async log(step: number, metrics: Record<string, number>): Promise<void> {
    appendJsonl(join(this.stageDir, 'metrics.jsonl'), { step, ...metrics });
    const prefixed = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${this.label}/${k}`, v]));
    await this.parent.log(step, prefixed);
  }

  async logText(step: number, key: string, text: string): Promise<void> {
    appendJsonl(join(this.stageDir, 'samples.jsonl'), { step, key, text });
    await this.parent.logText?.(step, `${this.label}/${key}`, text);
  }
}
