import { createKernel } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { SftConfig } from './config.js';
import plugin from './index.js';

it('fills defaults and checks divisibility through the kernel', async () => {
  expect(SftConfig.parse({})).toMatchObject({
    limitExamples: 0,
    filterCorrect: false,
    trainBatchSize: 32,
    gradientAccumulationSteps: 8,
    epochs: 1,
  });
  const err = await createKernel(
    { sft: { trainBatchSize: 10, gradientAccumulationSteps: 4 } },
    { plugins: [plugin] },
  ).catch((e) => e);
  expect(err.issues).toEqual([
    expect.stringContaining(
      'sft.trainBatchSize: trainBatchSize (10) must be divisible by gradientAccumulationSteps (4)',
    ),
  ]);
});
