import * as tf from '@tensorflow/tfjs-core';
import { maskedSum } from './masked-sum.js';

/**
 * Mean of the masked elements: sum(tensor * mask, dim) / sum(mask, dim).
 *
 * Where no element along `dim` is kept, the result is 0/0 = NaN, exactly as the reference
 * (CS336 `masked_mean`); it is not hidden.
 *
 * @param tensor (...) any shape, e.g. a (B, T) per-token loss.
 * @param mask same shape as `tensor`, bool or 0/1.
 * @param dim dimension to reduce (negative counts from the end), or null to reduce every dim.
 * @returns the tensor's shape without `dim`, e.g. (B,) for dim -1 on (B, T); a scalar for null.
 */
export function maskedMean(tensor: tf.Tensor, mask: tf.Tensor, dim: number | null = null): tf.Tensor {
  return tf.tidy(() => {
    const { sum, floatMask, axis } = maskedSum('maskedMean', tensor, mask, dim);
    return tf.div(sum, tf.sum(floatMask, axis));
  });
}
