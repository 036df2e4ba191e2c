import { expect, it } from 'vitest';
import { planOptimizerSteps } from './optimizer-steps.js';

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
