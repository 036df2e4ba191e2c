import { expect, it } from 'vitest';
import { StepTimer } from './step-timer.js';

it('sums each phase on a fake clock, counts a throwing phase, and resets on flush', async () => {
  let t = 0;
  const timer = new StepTimer(() => t);
  await timer.time('generate', () => {
    t += 1500;
  });
  await timer.time('train', async () => {
    t += 250;
  });
  await timer.time('train', () => {
    t += 250;
  });
  await expect(
    timer.time('grade', () => {
      t += 100;
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  timer.add('sync', 40);
  expect(timer.flush()).toEqual({
    'time/generate': 1.5,
    'time/train': 0.5,
    'time/grade': 0.1,
    'time/sync': 0.04,
  });
  expect(timer.flush()).toEqual({});
});
