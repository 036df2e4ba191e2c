import { expect, it } from 'vitest';
import { isKnownMetric, METRIC_NAMES } from './metric-names.js';

it('knows each name once and recognises families', () => {
  const names = METRIC_NAMES.map((m) => m.name);
  expect(new Set(names).size).toBe(names.length);
  for (const n of ['loss', 'grad_norm', 'reward/total', 'time/old_logprob', 'val/reward/answer'])
    expect(isKnownMetric(n)).toBe(true);
  for (const n of ['reward', 'entropy', 'time']) expect(isKnownMetric(n)).toBe(false);
});
