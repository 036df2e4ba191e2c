import { createKernel } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { ExpertIterationConfig } from './config.js';
import plugin from './index.js';

it('fills defaults and reports inconsistent knobs by field', async () => {
  expect(ExpertIterationConfig.parse({})).toMatchObject({
    nEiSteps: 5,
    eiBatchSize: 512,
    G: 4,
    minKeptPerQuestion: 1,
    sftEpochs: 1,
    checkpointEvery: 1,
  });
  const err = await createKernel(
    { ei: { G: 2, minKeptPerQuestion: 3, trainBatchSize: 6, gradientAccumulationSteps: 4 } },
    { plugins: [plugin] },
  ).catch((e) => e);
  expect(err.issues).toEqual([
    expect.stringContaining(
      'ei.trainBatchSize: trainBatchSize (6) must be divisible by gradientAccumulationSteps (4)',
    ),
    expect.stringContaining('ei.minKeptPerQuestion: minKeptPerQuestion (3) must be <= G (2)'),
  ]);
});
