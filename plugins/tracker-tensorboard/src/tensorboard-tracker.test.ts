import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { encodeEvent, encodeScalarValue, encodeTextValue } from './event-proto.js';
import plugin from './index.js';
import { TensorboardTracker } from './tensorboard-tracker.js';
import { readRecords } from './tfrecord.js';

it('writes a version header, then one event per log call, each a valid frame', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-'));
  const t = new TensorboardTracker(dir, () => 2);
  t.log(1, { loss: 0.25, grad_norm: 2 });
  t.logText(1, 'rollout', 'hi');
  t.log(2, {});
  expect(t.file.startsWith(join(dir, 'events.out.tfevents.2.'))).toBe(true);
  const records = readRecords(readFileSync(t.file), t.file);
  expect(records.map((r) => Buffer.from(r).toString('hex'))).toEqual(
    [
      encodeEvent({ wallTime: 2, step: 0, fileVersion: 'brain.Event:2' }),
      encodeEvent({
        wallTime: 2,
        step: 1,
        values: [encodeScalarValue('loss', 0.25), encodeScalarValue('grad_norm', 2)],
      }),
      encodeEvent({ wallTime: 2, step: 1, values: [encodeTextValue('rollout', 'hi')] }),
    ].map((r) => Buffer.from(r).toString('hex')),
  );
  expect(() => t.log(-1, { loss: 1 })).toThrow('step must be a non-negative integer, got -1');
});

it('is a Tracker plugin writing under <run.dir>/<tensorboard.subdir>', async () => {
  const run = mkdtempSync(join(tmpdir(), 'tbk-'));
  const kernel = await createKernel(
    { run: { dir: run }, use: { tracker: 'tensorboard' }, tensorboard: { subdir: 'tb' } },
    { plugins: [plugin] },
  );
  const tracker = await kernel.get('Tracker');
  await tracker.log(5, { loss: 1 });
  expect(readdirSync(join(run, 'tb'))).toHaveLength(1);
});
