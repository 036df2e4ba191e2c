import type { Loss } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { planOptimizerSteps, runOptimizerSteps } from './optimizer-steps.js';
import type { TrainableBackend, TrainMicrobatch } from './trainable-backend.js';

it('cuts rows into optimizer steps of microbatches', () => {
  expect(planOptimizerSteps(8, { trainBatchSize: 4, gradientAccumulationSteps: 2 })).toEqual([
    [
      [0, 1],
      [2, 3],
    ],
    [
      [4, 5],
      [6, 7],
    ],
  ]);
  // 5 rows: one full step, then a short one with one microbatch
  expect(planOptimizerSteps(5, { trainBatchSize: 4, gradientAccumulationSteps: 2 })).toEqual([
    [
      [0, 1],
      [2, 3],
    ],
    [[4]],
  ]);
  expect(() => planOptimizerSteps(8, { trainBatchSize: 6, gradientAccumulationSteps: 4 })).toThrow(
    'trainBatchSize (6) must be divisible by gradientAccumulationSteps (4)',
  );
});

it('runOptimizerSteps passes the rows of each step, and oldLogProbsCurrent only to the first step', async () => {
  const calls: { rows: number[][]; current?: boolean }[] = [];
  const backend = {
    trainStep: async (
      microbatches: readonly TrainMicrobatch[],
      _loss: unknown,
      _opt: unknown,
      options?: { oldLogProbsCurrent?: boolean },
    ) => {
      calls.push({
        rows: microbatches.map((m) => m.inputIds.map((r) => r[0])),
        current: options?.oldLogProbsCurrent,
      });
      return { loss: 0, gradNorm: 0 };
    },
  } as unknown as TrainableBackend;
  const rows = [10, 11, 12, 13, 14, 15];
  const batch: TrainMicrobatch = {
    inputIds: rows.map((r) => [r]),
    labels: rows.map((r) => [r]),
    responseMask: rows.map(() => [1]),
    oldLogProbs: rows.map(() => [-1]),
  };
  const plan = { trainBatchSize: 4, gradientAccumulationSteps: 2 };
  const loss = {} as Loss;
  const opt = { lr: 1, betas: [0.9, 0.95] as [number, number], eps: 1e-8, weightDecay: 0, maxGradNorm: 1 };
  await runOptimizerSteps(backend, batch, [5, 4, 3, 2, 1, 0], plan, loss, opt, {}, undefined, {
    oldLogProbsCurrent: true,
  });
  expect(calls).toEqual([
    {
      rows: [
        [15, 14],
        [13, 12],
      ],
      current: true,
    },
    { rows: [[11, 10]], current: false }, // the weights moved after the first step
  ]);
  calls.length = 0;
  await runOptimizerSteps(backend, batch, [0, 1, 2, 3], plan, loss, opt, {});
  expect(calls.map((c) => c.current)).toEqual([false]);
  // no old log-probs in the batch: nothing to be current
  calls.length = 0;
  const { oldLogProbs: _, ...withoutOld } = batch;
  await runOptimizerSteps(backend, withoutOld, [0, 1], plan, loss, opt, {}, undefined, {
    oldLogProbsCurrent: true,
  });
  expect(calls.map((c) => c.current)).toEqual([false]);
});
