import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomQwenTensors, saveCheckpoint } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { QwenModel } from './model/qwen-model.js';
import { selectPlatform } from './platform.js';
import { sftLoss } from './sft-loss.js';
import { TfjsBackend } from './tfjs-backend.js';
import { tinyQwenConfig } from './tiny-config.js';
import { type Microbatch, Trainer, type TrainerSettings } from './trainer.js';

const config = tinyQwenConfig({ numHiddenLayers: 1 });
const tensors = randomQwenTensors(config, { seed: 11, std: 0.3, normNoise: 0.1 });
const settings: TrainerSettings = {
  lr: 1e-2,
  betas: [0.9, 0.95],
  eps: 1e-8,
  weightDecay: 0.01,
  maxGradNorm: 1,
};
const batch: Microbatch = {
  inputIds: [
    [1, 5, 7, 9, 11, 3],
    [2, 4, 6, 8, 0, 0],
    [10, 20, 30, 40, 50, 60],
    [7, 7, 7, 1, 2, 0],
  ],
  labels: [
    [5, 7, 9, 11, 3, 0],
    [4, 6, 8, 0, 0, 0],
    [20, 30, 40, 50, 60, 61],
    [7, 7, 1, 2, 0, 0],
  ],
  responseMask: [
    [0, 0, 1, 1, 1, 0],
    [0, 1, 1, 0, 0, 0],
    [0, 0, 0, 1, 1, 1],
    [0, 1, 1, 1, 0, 0],
  ],
};
const rows = (mb: Microbatch, from: number, to: number): Microbatch => ({
  inputIds: mb.inputIds.slice(from, to),
  labels: mb.labels.slice(from, to),
  responseMask: mb.responseMask.slice(from, to),
});
/** SFT loss divided by the number of microbatches (CS336's gradient accumulation). */
const sft =
  (steps: number) =>
  ({ policyLogProbs }: { policyLogProbs: tf.Tensor2D }, mb: Microbatch) => ({
    loss: tf.div(
      sftLoss(policyLogProbs, tf.tensor2d(mb.responseMask, undefined, 'float32')),
      steps,
    ) as tf.Scalar,
    metadata: { tokens: mb.responseMask.flat().reduce((a, b) => a + b, 0) },
  });

beforeAll(async () => {
  await selectPlatform('auto');
});

describe('Trainer', () => {
  it('accumulating two half-batches equals one full batch', () => {
    const full = new Trainer(new QwenModel(config, tensors), settings);
    const acc = new Trainer(new QwenModel(config, tensors), settings);
    const r1 = full.trainStep([batch], sft(1));
    const r2 = acc.trainStep([rows(batch, 0, 2), rows(batch, 2, 4)], sft(2));
    // (mean over rows 0-1) / 2 + (mean over rows 2-3) / 2 = mean over all 4 rows: same loss, gradient and update.
    expect(Math.abs(r2.loss - r1.loss) / r1.loss).toBeLessThan(1e-5);
    expect(Math.abs(r2.gradNorm - r1.gradNorm) / r1.gradNorm).toBeLessThan(1e-5);
    for (const [name, p] of full.model.params) {
      const a = p.dataSync();
      const b = acc.model.param(name).dataSync();
      for (const [i, v] of a.entries()) expect(Math.abs(v - b[i])).toBeLessThan(2e-5);
    }
    expect(r2.metadata).toMatchObject({ lr: 1e-2, tokens: 5.5 }); // mean over microbatches of 5 and 6 tokens
    full.model.dispose();
    acc.model.dispose();
  });

  it('lowers the loss and leaks no tensors over 100 steps', () => {
    const trainer = new Trainer(new QwenModel(config, tensors), { ...settings, lr: 3e-3 });
    trainer.trainStep([batch], sft(1)); // creates the optimizer slots
    const before = tf.memory().numTensors;
    let first = 0;
    let last = 0;
    for (let i = 0; i < 100; i++) {
      const { loss } = trainer.trainStep([batch], sft(1));
      if (i === 0) first = loss;
      last = loss;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.5);
    trainer.dispose();
    trainer.model.dispose();
  });
});

describe('TfjsBackend save/load', () => {
  it('resumes exactly: 2 steps + save + load + 1 step equals 3 steps', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfjs-resume-'));
    await saveCheckpoint(join(dir, 'init'), config, tensors);
    const opts = {
      platform: 'auto' as const,
      optimizer: { ...settings, schedule: { type: 'cosine', warmupSteps: 1, totalSteps: 4 } as const },
    };
    const straight = await TfjsBackend.load(join(dir, 'init'), opts);
    for (let i = 0; i < 3; i++) await straight.trainStepWith([batch], sft(1));
    const first = await TfjsBackend.load(join(dir, 'init'), opts);
    for (let i = 0; i < 2; i++) await first.trainStepWith([batch], sft(1));
    await first.save(join(dir, 'step2'));
    first.dispose();
    const resumed = await TfjsBackend.load(join(dir, 'step2'), opts);
    expect(resumed.trainer.optimizer.step).toBe(2);
    const r = await resumed.trainStepWith([batch], sft(1));
    expect(r.metadata?.lr).toBeCloseTo(learningRate(2), 12);
    for (const name of straight.model.params.keys()) {
      expect(resumed.getParameter(name)).toEqual(straight.getParameter(name));
    }
    const lp = await resumed.logProbs(batch, { returnTokenEntropy: true });
    expect(lp.logProbs.length).toBe(4);
    expect(lp.tokenEntropy![0].length).toBe(6);
    straight.dispose();
    resumed.dispose();
  });
});

/** cosine, warmup 1, total 4, base 1e-2: step 2 is 1/3 of the way through the decay. */
function learningRate(step: number): number {
  return 1e-2 * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / 3));
}
