import * as tf from '@tensorflow/tfjs-core';

/**
 * RMSNorm over the last axis: `x * rsqrt(mean(x^2) + eps) * weight` (Qwen2RMSNorm, computed in float32).
 * x: (..., D); weight: (D) -> (..., D).
 */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight);
  });
}
