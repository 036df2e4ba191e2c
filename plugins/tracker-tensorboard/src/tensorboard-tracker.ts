import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ReasonrlError, type Tracker } from '@reasonrl/core';
import { EVENT_FILE_VERSION, encodeEvent, encodeScalarValue, encodeTextValue } from './event-proto.js';
import { frameRecord } from './tfrecord.js';

/**
 * Writes TensorBoard event files (`events.out.tfevents.<seconds>.<host>`) into `<logDir>`, so
 * `tensorboard --logdir <runDir>` shows every metric as a scalar chart under its stable name and
 * text samples under the text tab. Each record is appended with its own write, so a crash leaves
 * every logged step readable. Non-finite values are written as they are (TensorBoard shows NaN).
 */
export class TensorboardTracker implements Tracker {
  readonly name = 'tensorboard';
  readonly file: string;

  constructor(
    logDir: string,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    if (!logDir)
      throw new ReasonrlError('RUN_DIR_MISSING', 'the tensorboard tracker needs run.dir (the CLI sets it)');
    mkdirSync(logDir, { recursive: true });
    const t = this.now();
    this.file = join(logDir, `events.out.tfevents.${Math.floor(t)}.${hostname()}.${process.pid}`);
    this.append(encodeEvent({ wallTime: t, step: 0, fileVersion: EVENT_FILE_VERSION }));
  }

  log(step: number, metrics: Record<string, number>): void {
    const values = Object.entries(metrics).map(([tag, v]) => encodeScalarValue(tag, v));
    if (values.length) this.append(encodeEvent({ wallTime: this.now(), step: checkStep(step), values }));
  }

  logText(step: number, key: string, text: string): void {
    this.append(
      encodeEvent({ wallTime: this.now(), step: checkStep(step), values: [encodeTextValue(key, text)] }),
    );
  }

  private append(event: Uint8Array): void {
    appendFileSync(this.file, frameRecord(event));
  }
}

function checkStep(step: number): number {
  if (!Number.isInteger(step) || step < 0) {
    throw new ReasonrlError(
      'TRACKER_STEP_INVALID',
      `tensorboard tracker: step must be a non-negative integer, got ${step}`,
    );
  }
  return step;
}
