import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeEntropy } from './compute-entropy.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('computeEntropy', () => {
  it('matches H = -sum p log p for distributions worked out by hand, per (b, t)', () => {
    // (B, T, V) = (1, 2, 3): uniform over 3 -> ln 3; p = (1/2, 1/4, 1/4) -> 1.5 ln 2.
    const logits = tf.tensor3d([
      [
        [0, 0, 0],
        [Math.log(0.5) + 7, Math.log(0.25) + 7, Math.log(0.25) + 7],
      ],
    ]);
    const h = computeEntropy(logits);
    expect(h.shape).toEqual([1, 2]);
    const [uniform, skewed] = Array.from(h.dataSync());
    expect(uniform).toBeCloseTo(Math.log(3), 6);
    expect(skewed).toBeCloseTo(1.5 * Math.LN2, 6);
    tf.dispose([logits, h]);
  });

  it('is stable for huge logits (no Inf, no NaN) and gives 0 for a one-hot distribution', () => {
    const logits = tf.tensor2d([
      [1e4, 0, -1e4],
      [5e3, 5e3, -1e4],
    ]); // (T, V) = (2, 3): rank 2 works too, the last dim is the vocabulary.
    const [oneHot, twoWay] = Array.from(computeEntropy(logits).dataSync());
    expect(oneHot).toBeCloseTo(0, 6);
    expect(twoWay).toBeCloseTo(Math.LN2, 5);
  });

  it('leaves no intermediate tensor behind', () => {
    const logits = tf.randomNormal([2, 3, 5]);
    const before = tf.memory().numTensors;
    const h = computeEntropy(logits);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([logits, h]);
  });

  it('rejects a scalar, naming the shape it got', () => {
    expect(() => computeEntropy(tf.scalar(1))).toThrow(
      /computeEntropy: logits has shape \(\); expected \(\.\.\., V\)/,
    );
  });
});
