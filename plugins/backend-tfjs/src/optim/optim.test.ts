import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectPlatform } from '../platform.js';
import { sineValues, threeAdamWSteps } from '../test-support/adamw-steps.js';
import { AdamW } from './adamw.js';
import { clipGradNorm } from './clip-grad-norm.js';
import { learningRateAt } from './lr-schedule.js';

beforeAll(async () => {
  await selectPlatform('auto');
});

describe('AdamW', () => {
  it('follows torch.optim.AdamW over two steps (hand-computed in float64)', () => {
    const lr = 0.1,
      b1 = 0.9,
      b2 = 0.99,
      eps = 1e-8,
      wd = 0.1;
    const p = tf.variable(tf.tensor1d([1, -2]));
    const opt = new AdamW();
    const grads = [
      [0.5, -1],
      [0.2, 0.4],
    ];
    let ref = [1, -2];
    let m = [0, 0],
      v = [0, 0];
    grads.forEach((g, k) => {
      const t = k + 1;
      opt.apply(new Map([['p', p]]), new Map([['p', tf.tensor1d(g)]]), {
        lr,
        betas: [b1, b2],
        eps,
        weightDecay: wd,
      });
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i] ** 2);
      ref = ref.map(
        (pi, i) =>
          pi * (1 - lr * wd) -
          (lr / (1 - b1 ** t)) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps)),
      );
    });
    const got = p.dataSync();
    for (const [i, r] of ref.entries()) expect(got[i]).toBeCloseTo(r, 6);
    expect(opt.step).toBe(2);
    // first step of Adam moves each coordinate by ~lr against the gradient sign: 1*(1-0.01) - 0.1 = 0.89
    opt.dispose();
    p.dispose();
  });
});

describe('clipGradNorm', () => {
  it('returns the pre-clip global norm and scales to maxNorm', () => {
    const grads = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([3, 0])],
      ['b', tf.tensor1d([4])],
    ]);
    expect(clipGradNorm(grads, 1)).toBeCloseTo(5, 6);
    expect([...grads.get('a')!.dataSync(), ...grads.get('b')!.dataSync()].map((x) => x * (5 + 1e-6))).toEqual(
      [expect.closeTo(3, 5), 0, expect.closeTo(4, 5)],
    );
    const small = new Map<string, tf.Tensor>([['a', tf.tensor1d([0.3, 0.4])]]);
    expect(clipGradNorm(small, 1)).toBeCloseTo(0.5, 6);
    expect([...small.get('a')!.dataSync()]).toEqual([expect.closeTo(0.3, 6), expect.closeTo(0.4, 6)]);
    expect(clipGradNorm(new Map([['a', tf.tensor1d([30, 40])]]), 0)).toBeCloseTo(50, 4); // disabled
  });
});

describe('learningRateAt', () => {
  it('is constant or warmup + cosine to the floor', () => {
    expect(learningRateAt(1, { type: 'constant' }, 99)).toBe(1);
    const s = { type: 'cosine', warmupSteps: 10, totalSteps: 110, minLrRatio: 0.1 } as const;
    expect(learningRateAt(1, s, 0)).toBe(0);
    expect(learningRateAt(1, s, 5)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(1, s, 10)).toBeCloseTo(1, 12);
    expect(learningRateAt(1, s, 60)).toBeCloseTo(0.1 + 0.9 * 0.5, 12); // halfway: cos(pi/2) = 0
    expect(learningRateAt(1, s, 110)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(1, s, 500)).toBeCloseTo(0.1, 12);
    expect(() => learningRateAt(1, { type: 'cosine', warmupSteps: 5, totalSteps: 2 }, 0)).toThrow(
      /warmupSteps/,
    );
  });
});

describe('AdamW on wasm', () => {
  it('the fused update kernel is bit-identical to the tf-ops update over three steps', async () => {
    await selectPlatform('wasm');
    const { ADAMW_UPDATE, registerAdamWUpdate } = await import('../wasm/adamw-update.js');
    expect(tf.getKernel(ADAMW_UPDATE, 'wasm')).toBeDefined();
    const run = () => threeAdamWSteps(20, 15);
    const fused = run();
    tf.unregisterKernel(ADAMW_UPDATE, 'wasm');
    try {
      const ops = run();
      for (let i = 0; i < 3; i++) expect(fused[i]).toEqual(ops[i]);
      expect(fused[0]).not.toEqual(sineValues(1, 300)); // it did move
    } finally {
      registerAdamWUpdate();
    }
  });

  it('rejects a gradient whose shape differs from its parameter', () => {
    const p = tf.variable(tf.zeros([2, 3]));
    const opt = new AdamW();
    expect(() =>
      opt.apply(new Map([['w', p]]), new Map([['w', tf.zeros([3])]]), {
        lr: 1,
        betas: [0.9, 0.95],
        eps: 1e-8,
        weightDecay: 0,
      }),
    ).toThrow(/gradient of 'w' has shape \[3\], the parameter \[2,3\]/);
    opt.dispose();
    p.dispose();
  });
});
