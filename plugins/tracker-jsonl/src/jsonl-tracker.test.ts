import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { JsonlTracker } from './jsonl-tracker.js';

it('writes one line per step and marks non-finite values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trk-'));
  const t = new JsonlTracker(dir);
  t.log(1, { loss: 0.5 });
  t.log(2, { loss: Number.NaN, grad_norm: 1 });
  t.logText(2, 'rollout', 'hello');
  const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatchObject({ step: 1, loss: 0.5 });
  expect(lines[1]).toMatchObject({ step: 2, loss: null, grad_norm: 1, nonFinite: ['loss'] });
  expect(JSON.parse(readFileSync(join(dir, 'samples.jsonl'), 'utf8'))).toEqual({
    step: 2,
    key: 'rollout',
    text: 'hello',
  });
});
