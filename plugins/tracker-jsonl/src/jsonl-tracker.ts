import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ReasonrlError, type Tracker } from '@reasonrl/core';
import { appendJsonl } from '@reasonrl/run-io';

/**
 * Writes one JSON line per `log` call to `<runDir>/metrics.jsonl` (`{"step", "time", ...metrics}`)
 * and text samples to `<runDir>/samples.jsonl`. Each line is appended and fsynced, so a crash
 * keeps every step already logged. Non-finite values are written as null and listed in `nonFinite`.
 */
export class JsonlTracker implements Tracker {
  readonly name = 'jsonl';
  readonly metricsFile: string;
  readonly samplesFile: string;
  private readonly t0 = Date.now();

  constructor(runDir: string) {
    if (!runDir)
      throw new ReasonrlError('RUN_DIR_MISSING', 'the jsonl tracker needs run.dir (the CLI sets it)');
    mkdirSync(runDir, { recursive: true });
    this.metricsFile = join(runDir, 'metrics.jsonl');
    this.samplesFile = join(runDir, 'samples.jsonl');
  }

  log(step: number, metrics: Record<string, number>): void {
    const record: Record<string, unknown> = { step, time: (Date.now() - this.t0) / 1000 };
    const nonFinite: string[] = [];
    for (const [k, v] of Object.entries(metrics)) {
      if (Number.isFinite(v)) record[k] = v;
      else {
        record[k] = null;
        nonFinite.push(k);
      }
    }
    if (nonFinite.length) record.nonFinite = nonFinite;
    appendJsonl(this.metricsFile, record);
  }

  logText(step: number, key: string, text: string): void {
    appendJsonl(this.samplesFile, { step, key, text });
  }
}
