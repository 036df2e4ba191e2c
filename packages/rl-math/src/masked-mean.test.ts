import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskedMean } from './masked-mean.js';
import { maskedNormalize } from './masked-normalize.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// (2, 3) values and mask; kept: row 0 -> 1, 3; row 1 -> 4, 5, 6.
const values = () =>
  tf.tensor2d([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const mask = () =>
  tf.tensor2d(
    [
      [true, false, true],
      [true, true, true],
    ],
    undefined,
    'bool',
  );

describe('maskedMean', () => {
  it('divides the masked sum by the mask count along a dim, a negative dim, or everything', () => {
    expect(Array.from(maskedMean(values(), mask(), 1).dataSync())).toEqual([2, 5]);
    expect(Array.from(maskedMean(values(), mask(), -1).dataSync())).toEqual([2, 5]);
    expect(Array.from(maskedMean(values(), mask(), 0).dataSync())).toEqual([2.5, 5, 4.5]);
    const all = maskedMean(values(), mask(), null);
    expect(all.shape).toEqual([]);
    expect(all.dataSync()[0]).toBeCloseTo(19 / 5, 6);
  });

  it('accepts a 0/1 float mask like a bool one', () => {
    const floatMask = tf.tensor2d([
      [1, 0, 1],
      [1, 1, 1],
    ]);
    expect(Array.from(maskedMean(values(), floatMask, 1).dataSync())).toEqual([2, 5]);
  });

  it('returns NaN (0/0) where nothing is kept, as the reference does', () => {
    const none = tf.tensor2d([
      [0, 0, 0],
      [1, 0, 0],
    ]);
    const out = Array.from(maskedMean(values(), none, 1).dataSync());
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(4);
  });

  it('names both shapes when the mask does not match', () => {
    expect(() => maskedMean(values(), tf.ones([2, 4]), 1)).toThrow(
      'maskedMean: mask has shape (2, 4) but tensor has shape (2, 3); expected equal shapes',
    );
  });

  it('rejects a dim outside the rank', () => {
    expect(() => maskedMean(values(), mask(), 2)).toThrow(/dim 2 is out of range for a tensor of rank 2/);
  });

  it('leaves only its result behind', () => {
    const [v, m] = [values(), mask()];
    const before = tf.memory().numTensors;
    const out = maskedMean(v, m, 1);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([v, m, out]);
  });
});

describe('maskedNormalize', () => {
  it('divides the masked sum by the constant', () => {
    expect(Array.from(maskedNormalize(values(), mask(), 1, 4).dataSync())).toEqual([1, 15 / 4]);
    expect(Array.from(maskedNormalize(values(), mask(), 0, 2).dataSync())).toEqual([2.5, 2.5, 4.5]);
    expect(maskedNormalize(values(), mask(), null, 0.5).dataSync()[0]).toBe(38);
  });

  it('defaults to dim null and constant 1 (a plain masked sum)', () => {
    expect(maskedNormalize(values(), mask()).dataSync()[0]).toBe(19);
  });

  it('rejects a zero constant and a mismatched mask', () => {
    expect(() => maskedNormalize(values(), mask(), 1, 0)).toThrow(
      /normalizeConstant is 0; expected a finite non-zero number/,
    );
    expect(() => maskedNormalize(values(), tf.ones([3, 2]), 1, 1)).toThrow(
      /mask has shape \(3, 2\) but tensor has shape \(2, 3\)/,
    );
  });
});
