import '@tensorflow/tfjs';
import { createKernel, type Loss } from '@reasonrl/core';
import { variableGradsWithMetadata } from '@reasonrl/rl-math';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import plugin, { SftLossConfig } from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const batch = () => ({
  policyLogProbs: tf.tensor2d([
    [-1, -2, -3],
    [-0.5, -1, -2],
  ]),
  responseMask: tf.tensor2d(
    [
      [0, 1, 1],
      [1, 1, 0],
    ],
    undefined,
    'bool',
  ),
  gradientAccumulationSteps: 4,
});

async function lossFromConfig(section: Record<string, unknown> = {}) {
  const kernel = await createKernel({ sftLoss: section }, { plugins: [plugin] });
  return { kernel, loss: (await kernel.get('Loss', 'sft')) as Loss<tf.Tensor> };
}

describe('reasonrl:loss_sft', () => {
  it('provides the Loss sft, defaulting to the plain masked sum', () => {
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Loss', 'sft']]);
    expect(SftLossConfig.parse({})).toEqual({ normalizeConstant: 1 });
    expect(SftLossConfig.shape.normalizeConstant.description).toMatch(/CS336/);
  });

  it('rejects a non-positive constant by field', async () => {
    await expect(createKernel({ sftLoss: { normalizeConstant: 0 } }, { plugins: [plugin] })).rejects.toThrow(
      /sftLoss\.normalizeConstant/,
    );
  });

  it('is mean_b(sum_t NLL / c) / gas with the configured constant, needing no extras', async () => {
    const { kernel, loss } = await lossFromConfig({ normalizeConstant: 2 });
    expect(loss.requires).toEqual([]);
    const b = batch();
    const v = tf.variable(b.policyLogProbs);
    const { value, grads, metadata } = variableGradsWithMetadata(() => {
      const out = loss.microbatchLoss({
        ...b,
        policyLogProbs: v,
        tokenEntropy: tf.tensor2d([
          [9, 1, 2],
          [3, 4, 9],
        ]),
      });
      return { loss: out.loss as tf.Scalar, metadata: out.metadata };
    }, [v]);
    // Row sums of -log p over the mask: 5 and 1.5; / 2 -> 2.5, 0.75; mean 1.625; / 4.
    expect(value.dataSync()[0]).toBeCloseTo(1.625 / 4, 6);
    const g = -1 / (2 * 2 * 4);
    expect((grads[v.name].arraySync() as number[][]).flat().map((x) => x + 0)).toEqual([0, g, g, g, g, 0]);
    expect(metadata.response_tokens.dataSync()[0]).toBe(4);
    expect(metadata.entropy.dataSync()[0]).toBeCloseTo(10 / 4, 6);
    tf.dispose([v, value, grads[v.name], ...Object.values(metadata)]);
    await kernel.dispose();
  });

  it('takes normalizeConstant from per-call options over its config', async () => {
    const { kernel, loss } = await lossFromConfig({ normalizeConstant: 2 });
    const out = loss.microbatchLoss({ ...batch(), options: { normalizeConstant: 5 } });
    expect(out.loss.dataSync()[0]).toBeCloseTo((5 / 5 + 1.5 / 5) / 2 / 4, 6);
    await kernel.dispose();
  });

  it('gives -log p per token before aggregation', async () => {
    const { kernel, loss } = await lossFromConfig();
    expect(loss.perTokenLoss(batch()).loss.arraySync()).toEqual([
      [1, 2, 3],
      [0.5, 1, 2],
    ]);
    await kernel.dispose();
  });
});
