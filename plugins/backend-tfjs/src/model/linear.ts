import * as tf from '@tensorflow/tfjs-core';

/** `x @ weight^T + bias` with a Hugging Face [out, in] weight. x: (N, in) -> (N, out). */
export function linear(x: tf.Tensor2D, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  const y: tf.Tensor2D = tf.matMul(x, weight as tf.Tensor2D, false, true);
  return bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
}
