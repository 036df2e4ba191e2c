import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelLogProbsAndEntropy } from './label-log-probs.js';
import { selectPlatform } from './platform.js';

// Reference in float64 JS: log-softmax and entropy from the explicit formulas.
function reference(h: number[][], w: number[][], labels: number[]) {
  return h.map((row, n) => {
    const z = w.map((wr) => wr.reduce((s, v, k) => s + v * row[k], 0));
    const max = Math.max(...z);
    const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
    const p = z.map((v) => Math.exp(v - lse));
    return { logp: z[labels[n]] - lse, ent: -p.reduce((s, pv, i) => s + pv * (z[i] - lse), 0) };
  });
}

const H = [
  [0.5, -1, 2],
  [1.5, 0.3, -0.7],
  [-2, 1, 0.1],
  [0, 0, 0],
  [3, -3, 1],
];
const W = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 1],
  [-1, 0.5, 2],
  [0.2, -0.4, 0.6],
  [2, 2, -1],
];
const LABELS = [0, 6, 3, 2, 4];

describe('labelLogProbsAndEntropy', () => {
  beforeAll(async () => {
    await selectPlatform('auto');
  });

  it.each([1 << 22, 14, 7])('matches the explicit log-softmax and entropy (chunk of %i floats)', (chunk) => {
    const out = tf.tidy(() =>
      labelLogProbsAndEntropy(
        tf.tensor2d(H),
        tf.tensor2d(W),
        tf.tensor1d(LABELS, 'int32'),
        true,
        chunk,
      ).arraySync(),
    );
    reference(H, W, LABELS).forEach(({ logp, ent }, n) => {
      expect(out[n][0]).toBeCloseTo(logp, 5);
      expect(out[n][1]).toBeCloseTo(ent, 5);
    });
  });

  // One chunk keeps the forward logits for the backward pass; several chunks recompute them.
  it.each([1 << 22, 14])(
    'has the gradient of the naive full log-softmax (both outputs, chunk of %i floats)',
    (chunk) => {
      const a = tf.tensor1d([0.3, -1, 2, 0.5, 1]);
      const b = tf.tensor1d([1, 0.2, -0.5, 2, -1]);
      const h = tf.tensor2d(H);
      const w = tf.tensor2d(W);
      const lab = tf.tensor1d(LABELS, 'int32');
      const ours = tf.grads((hh: tf.Tensor, ww: tf.Tensor) => {
        const o = labelLogProbsAndEntropy(hh as tf.Tensor2D, ww as tf.Tensor2D, lab, true, chunk);
        const [lp, en] = tf.split(o, 2, 1);
        return tf.sum(tf.add(tf.mul(tf.reshape(lp, [-1]), a), tf.mul(tf.reshape(en, [-1]), b)));
      })([h, w]);
      const naive = tf.grads((hh: tf.Tensor, ww: tf.Tensor) => {
        const z = tf.matMul(hh as tf.Tensor2D, ww as tf.Tensor2D, false, true);
        const logp = tf.logSoftmax(z);
        const onehot = tf.cast(tf.oneHot(lab, W.length), 'float32');
        const lp = tf.sum(tf.mul(logp, onehot), 1);
        const en = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1));
        return tf.sum(tf.add(tf.mul(lp, a), tf.mul(en, b)));
      })([h, w]);
      for (let i = 0; i < 2; i++) {
        const x = ours[i].dataSync();
        const y = naive[i].dataSync();
        for (const [k, v] of y.entries()) expect(Math.abs(x[k] - v)).toBeLessThan(1e-5);
      }
      tf.dispose([...ours, ...naive, a, b, h, w, lab]);
    },
  );
});
