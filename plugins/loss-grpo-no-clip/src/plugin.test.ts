import '@tensorflow/tfjs';
import { createKernel, type Loss } from '@reasonrl/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin, { GrpoNoClipLossConfig } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// old = log p - 0.5 everywhere: ratio e^0.5 on every token.
const batch = () => ({
  policyLogProbs: tf.tensor2d([
    [-1, -2, -3],
    [-0.5, -1, -2],
  ]),
  responseMask: tf.tensor2d([
    [1, 1, 0],
    [1, 1, 1],
  ]),
  gradientAccumulationSteps: 1,
  advantages: tf.tensor2d([[1], [-2]]),
  oldLogProbs: tf.tensor2d([
    [-1.5, -2.5, -3.5],
    [-1, -1.5, -2.5],
  ]),
});

async function lossFromConfig(section: Record<string, unknown> = {}) {
  const kernel = await createKernel({ grpoNoClipLoss: section }, { plugins: [plugin] });
  return { kernel, loss: (await kernel.get('Loss', 'grpo_no_clip')) as Loss<tf.Tensor> };
}

describe('reasonrl:loss_grpo_no_clip', () => {
  it('provides the Loss grpo_no_clip with documented defaults', async () => {
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Loss', 'grpo_no_clip']]);
    expect(GrpoNoClipLossConfig.parse({})).toEqual({
      lengthNormalization: 'masked_mean',
      normalizeConstant: 1024,
    });
    await expect(createKernel({ grpoNoClipLoss: { cliprange: 0.2 } }, { plugins: [plugin] })).rejects.toThrow(
      /cliprange/,
    );
  });

  it('is -ratio * A, averaged per sequence with masked_mean', async () => {
    const { kernel, loss } = await lossFromConfig();
    expect(loss.requires).toEqual(['advantages', 'oldLogProbs']);
    const out = loss.microbatchLoss(batch());
    const r = Math.exp(0.5);
    expect(out.loss.dataSync()[0]).toBeCloseTo((-r + 2 * r) / 2, 5);
    expect(out.metadata.ratio_mean.dataSync()[0]).toBeCloseTo(r, 5);
    expect(out.metadata.entropy).toBeUndefined();
    await kernel.dispose();
  });

  it('divides by the configured constant with masked_normalize', async () => {
    const { kernel, loss } = await lossFromConfig({
      lengthNormalization: 'masked_normalize',
      normalizeConstant: 6,
    });
    const r = Math.exp(0.5);
    expect(loss.microbatchLoss(batch()).loss.dataSync()[0]).toBeCloseTo(((-2 * r) / 6 + (6 * r) / 6) / 2, 5);
    await kernel.dispose();
  });

  it('lets per-call options override its config', async () => {
    const { kernel, loss } = await lossFromConfig();
    const r = Math.exp(0.5);
    const out = loss.microbatchLoss({
      ...batch(),
      options: { lengthNormalization: 'masked_normalize', normalizeConstant: 6 },
    });
    expect(out.loss.dataSync()[0]).toBeCloseTo(((-2 * r) / 6 + (6 * r) / 6) / 2, 5);
    await kernel.dispose();
  });

  it('names the missing input', async () => {
    const { kernel, loss } = await lossFromConfig();
    const { advantages: _, ...withoutAdvantages } = batch();
    expect(() => loss.perTokenLoss(withoutAdvantages)).toThrow(
      "lossType 'grpo_no_clip' needs advantages, which is missing",
    );
    await kernel.dispose();
  });
});
