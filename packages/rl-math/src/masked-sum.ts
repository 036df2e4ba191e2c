import * as tf from '@tensorflow/tfjs-core';
import { assertSameShape, resolveDim } from './shapes.js';

/**
 * sum(tensor * mask) over `dim` (all dims when null), with the mask as float32. Shared by
 * maskedMean and maskedNormalize. Masked-out entries are multiplied by 0 exactly as the reference
 * does, so a NaN or Inf there still poisons the sum.
 *
 * @param tensor (...) any shape.
 * @param mask same shape as `tensor`, bool or numeric (1 keeps, 0 drops).
 * @returns the summed tensor (the shape without `dim`; a scalar when `dim` is null) and the float mask.
 */
export function maskedSum(
  where: string,
  tensor: tf.Tensor,
  mask: tf.Tensor,
  dim: number | null,
): { sum: tf.Tensor; floatMask: tf.Tensor; axis: number | undefined } {
  assertSameShape(where, 'tensor', tensor, 'mask', mask);
  const axis = dim === null ? undefined : resolveDim(where, dim, tensor.rank);
  const floatMask = tf.cast(mask, 'float32');
  const sum = tf.sum(tf.mul(tensor, floatMask), axis);
  return { sum, floatMask, axis };
}
