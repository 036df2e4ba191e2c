import * as tf from '@tensorflow/tfjs-core';
import { maskedSum } from './masked-sum.js';
import { assertNumber } from './shapes.js';

/**
 * Sum of the masked elements divided by a constant: sum(tensor * mask, dim) / normalizeConstant.
 * With the maximum generation length as the constant this is Dr. GRPO's length normalization:
 * every token weighs the same whatever the length of its sequence.
 *
 * @param tensor (...) any shape, e.g. a (B, T) per-token loss.
 * @param mask same shape as `tensor`, bool or 0/1.
 * @param dim dimension to reduce (negative counts from the end), or null to reduce every dim.
 * @param normalizeConstant the divisor (non-zero; 1 gives a plain masked sum).
 * @returns the tensor's shape without `dim`; a scalar for null.
 */
export function maskedNormalize(
  tensor: tf.Tensor,
  mask: tf.Tensor,
  dim: number | null = null,
  normalizeConstant = 1.0,
): tf.Tensor {
  assertNumber(
    'maskedNormalize',
    'normalizeConstant',
    normalizeConstant,
    (v) => v !== 0,
    'a finite non-zero number',
  );
  return tf.tidy(() => {
    const { sum } = maskedSum('maskedNormalize', tensor, mask, dim);
    return tf.div(sum, tf.scalar(normalizeConstant, 'float32'));
  });
}
