import '@tensorflow/tfjs';
import { createKernel, type Loss } from '@reasonrl/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin, { NoBaselineLossConfig } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const batch = () => ({
  policyLogProbs: tf.tensor2d([
    [-1, -2, -3],
    [-0.5, -1, -2],
  ]),
  responseMask: tf.tensor2d([
    [1, 1, 0],
    [1, 1, 1],
  ]),
  gradientAccumulationSteps: 2,
  rawRewards: tf.tensor2d([[1], [-2]]),
  tokenEntropy: tf.tensor2d([
    [1, 2, 9],
    [3, 3, 3],
  ]),
});

async function lossFromConfig(section: Record<string, unknown> = {}) {
  const kernel = await createKernel({ noBaselineLoss: section }, { plugins: [plugin] });
  return { kernel, loss: (await kernel.get('Loss', 'no_baseline')) as Loss<tf.Tensor> };
}

describe('reasonrl:loss_no_baseline', () => {
  it('provides the Loss no_baseline with documented defaults', async () => {
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Loss', 'no_baseline']]);
    expect(NoBaselineLossConfig.parse({})).toEqual({
      lengthNormalization: 'masked_mean',
      normalizeConstant: 1024,
    });
    for (const field of Object.values(NoBaselineLossConfig.shape)) expect(field.description).toBeTruthy();
    await expect(
      createKernel({ noBaselineLoss: { normalizeConstant: -3 } }, { plugins: [plugin] }),
    ).rejects.toThrow(/noBaselineLoss\.normalizeConstant/);
  });

  it('is -rawRewards * log p per token, averaged per sequence with masked_mean, over the batch, / gas', async () => {
    const { kernel, loss } = await lossFromConfig();
    expect(loss.requires).toEqual(['rawRewards']);
    const out = loss.microbatchLoss(batch());
    // Row 0: -1 * (-3) / 2 = 1.5; row 1: 2 * (-3.5) / 3 = -7/3. Mean, then / 2.
    expect(out.loss.dataSync()[0]).toBeCloseTo((1.5 - 7 / 3) / 2 / 2, 6);
    expect(out.metadata.entropy.dataSync()[0]).toBeCloseTo(12 / 5, 6);
    expect(loss.perTokenLoss(batch()).loss.arraySync()).toEqual([
      [1, 2, 3],
      [-1, -2, -4],
    ]);
    await kernel.dispose();
  });

  it('divides by the configured constant with masked_normalize', async () => {
    const { kernel, loss } = await lossFromConfig({
      lengthNormalization: 'masked_normalize',
      normalizeConstant: 5,
    });
    expect(loss.microbatchLoss(batch()).loss.dataSync()[0]).toBeCloseTo((3 / 5 - 7 / 5) / 2 / 2, 6);
    await kernel.dispose();
  });

  it('lets per-call options override its config', async () => {
    const { kernel, loss } = await lossFromConfig();
    const out = loss.microbatchLoss({
      ...batch(),
      options: { lengthNormalization: 'masked_normalize', normalizeConstant: 5 },
    });
    expect(out.loss.dataSync()[0]).toBeCloseTo((3 / 5 - 7 / 5) / 2 / 2, 6);
    await kernel.dispose();
  });

  it('names the missing input', async () => {
    const { kernel, loss } = await lossFromConfig();
    const { rawRewards: _, ...without } = batch();
    expect(() => loss.microbatchLoss(without)).toThrow(
      "lossType 'no_baseline' needs rawRewards, which is missing",
    );
    await kernel.dispose();
  });
});
