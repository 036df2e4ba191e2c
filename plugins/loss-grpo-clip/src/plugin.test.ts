import '@tensorflow/tfjs';
import { createKernel, type Loss } from '@reasonrl/core';
import { grpoMicrobatchTrainStep, variableGradsWithMetadata } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin, { GrpoClipLossConfig } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// old = log p - 0.5 everywhere: ratio e^0.5 = 1.6487, clipped for the positive advantage.
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
  advantages: tf.tensor2d([[1], [-1]]),
  oldLogProbs: tf.tensor2d([
    [-1.5, -2.5, -3.5],
    [-1, -1.5, -2.5],
  ]),
  tokenEntropy: tf.tensor2d([
    [1, 2, 9],
    [3, 3, 3],
  ]),
});

async function lossFromConfig(section: Record<string, unknown> = {}) {
  const kernel = await createKernel({ grpoClipLoss: section }, { plugins: [plugin] });
  return { kernel, loss: (await kernel.get('Loss', 'grpo_clip')) as Loss<tf.Tensor> };
}

describe('reasonrl:loss_grpo_clip', () => {
  it('provides the Loss grpo_clip with documented defaults', () => {
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Loss', 'grpo_clip']]);
    expect(GrpoClipLossConfig.parse({})).toEqual({
      cliprange: 0.2,
      lengthNormalization: 'masked_mean',
      normalizeConstant: 1024,
    });
    for (const field of Object.values(GrpoClipLossConfig.shape)) expect(field.description).toBeTruthy();
  });

  it('rejects a negative clip range and an unknown length normalization by field', async () => {
    await expect(createKernel({ grpoClipLoss: { cliprange: -1 } }, { plugins: [plugin] })).rejects.toThrow(
      /grpoClipLoss\.cliprange/,
    );
    await expect(
      createKernel({ grpoClipLoss: { lengthNormalization: 'sum' } }, { plugins: [plugin] }),
    ).rejects.toThrow(/masked_mean/);
  });

  it('computes the rl-math GRPO-Clip loss with the configured clip range and normalization', async () => {
    const { kernel, loss } = await lossFromConfig({
      cliprange: 0.1,
      lengthNormalization: 'masked_normalize',
      normalizeConstant: 3,
    });
    expect(loss.requires).toEqual(['advantages', 'oldLogProbs']);
    const b = batch();
    const out = loss.microbatchLoss(b);
    const want = grpoMicrobatchTrainStep(
      b.policyLogProbs,
      b.responseMask,
      2,
      'grpo_clip',
      null,
      b.advantages,
      b.oldLogProbs,
      0.1,
      'masked_normalize',
      3,
    );
    // By hand: row 0 (A = 1) is clipped at 1.1 on 2 tokens -> -2.2 / 3; row 1 (A = -1): 3 * 1.6487 / 3. Mean / 2.
    const expected = (-2.2 / 3 + Math.exp(0.5)) / 2 / 2;
    expect(out.loss.dataSync()[0]).toBeCloseTo(expected, 5);
    expect(out.loss.dataSync()[0]).toBe(want.loss.dataSync()[0]);
    expect(out.metadata.clip_fraction.dataSync()[0]).toBeCloseTo(2 / 5, 6);
    expect(out.metadata.entropy.dataSync()[0]).toBeCloseTo(12 / 5, 6);
    await kernel.dispose();
  });

  it('lets per-call options (an algorithm that owns the knobs) override its config', async () => {
    const { kernel, loss } = await lossFromConfig();
    const options = {
      cliprange: 0.1,
      lengthNormalization: 'masked_normalize' as const,
      normalizeConstant: 3,
    };
    const out = loss.microbatchLoss({ ...batch(), options });
    expect(out.loss.dataSync()[0]).toBeCloseTo((-2.2 / 3 + Math.exp(0.5)) / 2 / 2, 5);
    const clipped = loss
      .perTokenLoss({ ...batch(), options: { cliprange: 0.1 } })
      .loss.arraySync() as number[][];
    expect(clipped[0][0]).toBeCloseTo(-1.1, 6);
    await kernel.dispose();
  });

  it('serves a training step: gradients through microbatchLoss, metrics kept, no leak', async () => {
    const { kernel, loss } = await lossFromConfig();
    const b = batch();
    const before = tf.memory().numTensors;
    const v = tf.variable(b.policyLogProbs);
    const { value, grads, metadata } = variableGradsWithMetadata(() => {
      const out = loss.microbatchLoss({ ...b, policyLogProbs: v });
      return { loss: out.loss as tf.Scalar, metadata: out.metadata };
    }, [v]);
    // Row 0 is clipped (zero gradient); row 1 gets -ratio * A / (3 tokens * B 2 * gas 2) per token.
    const g = Math.exp(0.5) / 12;
    (grads[v.name].arraySync() as number[][]).flat().forEach((x, i) => {
      expect(x + 0).toBeCloseTo([0, 0, 0, g, g, g][i], 6);
    });
    expect(Object.keys(metadata).sort()).toEqual(['clip_fraction', 'entropy']);
    tf.dispose([v, value, grads[v.name], ...Object.values(metadata)]);
    expect(tf.memory().numTensors).toBe(before);
    await kernel.dispose();
  });

  it('names the missing input', async () => {
    const { kernel, loss } = await lossFromConfig();
    const { oldLogProbs: _, ...withoutOld } = batch();
    expect(() => loss.microbatchLoss(withoutOld)).toThrow(
      "lossType 'grpo_clip' needs oldLogProbs, which is missing",
    );
    await kernel.dispose();
  });
});
