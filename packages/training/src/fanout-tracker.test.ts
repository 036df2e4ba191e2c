import type { Tracker } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { FanoutTracker } from './fanout-tracker.js';

class ListTracker implements Tracker {
  lines: string[] = [];
  constructor(readonly name: string) {}
  log(step: number, m: Record<string, number>) {
    this.lines.push(`${step}:${JSON.stringify(m)}`);
  }
  logText(step: number, key: string, text: string) {
    this.lines.push(`${step}:${key}=${text}`);
  }
  close() {
    this.lines.push('closed');
  }
}

it('forwards logs, texts and close to every distinct tracker once', async () => {
  const a = new ListTracker('jsonl');
  const b = new ListTracker('tensorboard');
  const f = new FanoutTracker([a, b, a, new ListTracker('jsonl')]);
  expect(f.name).toBe('jsonl+tensorboard');
  await f.log(1, { loss: 2 });
  await f.logText(1, 'rollout', 'hi');
  await f.close();
  for (const t of [a, b]) expect(t.lines).toEqual(['1:{"loss":2}', '1:rollout=hi', 'closed']);
});
