import { createKernel } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import { GrpoConfig, grpoDerived } from './config.js';
import plugin from './index.js';

describe('grpo config', () => {
  it('has the assignment defaults', () => {
    const c = GrpoConfig.parse({});
    expect(c).toMatchObject({
      nGrpoSteps: 200,
      learningRate: 1e-5,
      advantageEps: 1e-6,
      rolloutBatchSize: 256,
      groupSize: 8,
      samplingTemperature: 1.0,
      samplingMinTokens: 4,
      samplingMaxTokens: 1024,
      epochsPerRolloutBatch: 1,
      trainBatchSize: 256,
      gradientAccumulationSteps: 128,
      lossType: 'reinforce_with_baseline',
      useStdNormalization: true,
      lengthNormalization: 'masked_mean',
      weightDecay: 0,
      adamBeta1: 0.9,
      adamBeta2: 0.95,
      maxGradNorm: 1.0,
      promptTemplate: 'r1_zero',
      evalExamples: 1024,
    });
    expect(grpoDerived(c)).toEqual({
      microTrainBatchSize: 2,
      nPromptsPerRolloutBatch: 32,
      nMicrobatchesPerRolloutBatch: 128,
      optimizerStepsPerRolloutBatch: 1,
      offPolicy: false,
    });
  });

  it('derives off-policy steps', () => {
    const c = GrpoConfig.parse({
      rolloutBatchSize: 256,
      trainBatchSize: 64,
      gradientAccumulationSteps: 16,
      epochsPerRolloutBatch: 2,
      lossType: 'grpo_clip',
    });
    expect(grpoDerived(c)).toMatchObject({
      microTrainBatchSize: 4,
      optimizerStepsPerRolloutBatch: 8,
      offPolicy: true,
    });
  });

  it('reports every divisibility problem with its field and numbers, through the kernel', async () => {
    const bad = {
      grpo: { trainBatchSize: 6, gradientAccumulationSteps: 4, rolloutBatchSize: 10, groupSize: 8 },
    };
    const err = await createKernel(bad, { plugins: [plugin] }).catch((e) => e);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.issues.join('\n')).toContain(
      'trainBatchSize (6) must be divisible by gradientAccumulationSteps (4)',
    );
    expect(err.issues.join('\n')).toContain('rolloutBatchSize (10) must be divisible by groupSize (8)');
    expect(err.issues.join('\n')).toContain('trainBatchSize (6) must be >= groupSize (8)');
    expect(err.issues.join('\n')).toContain('rolloutBatchSize (10) must be divisible by trainBatchSize (6)');
    expect(err.issues.every((i: string) => i.startsWith('grpo.'))).toBe(true);
  });

  it('rejects an unknown loss type by listing the known ones', () => {
    const r = GrpoConfig.safeParse({ lossType: 'ppo' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('grpo_clip');
  });
});
