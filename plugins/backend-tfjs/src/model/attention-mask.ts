import * as tf from '@tensorflow/tfjs-core';

/** Added to masked attention scores; exp() of it underflows to exactly 0, like HF's finfo.min. */
export const MASKED = -1e9;

/**
 * Additive causal + key-padding mask for scores laid out (B, kvHeads, groups, T, T).
 * keyMask: (B, T) with 1 on real tokens, or undefined for causal only -> (B or 1, 1, 1, T, T) of 0 / MASKED.
 */
export function additiveAttentionMask(batch: number, length: number, keyMask?: tf.Tensor2D): tf.Tensor {
  return tf.tidy(() => {
    // (T, T): 1 where key <= query. Written directly: tf.linalg.bandPart's range/compare/broadcast kernels took ~20 ms
    // per forward pass on wasm for T = 256.
    const lower = new Float32Array(length * length);
    for (let q = 0; q < length; q++) lower.fill(1, q * length, q * length + q + 1);
    const causal = tf.tensor2d(lower, [length, length]);
    if (!keyMask) return tf.reshape(tf.mul(tf.sub(1, causal), MASKED), [1, 1, 1, length, length]);
    if (keyMask.shape[0] !== batch || keyMask.shape[1] !== length) {
      throw new Error(
        `attention mask has shape [${keyMask.shape}], expected [${batch}, ${length}] like inputIds`,
      );
    }
    const allowed = tf.mul(tf.expandDims(causal, 0), tf.expandDims(tf.cast(keyMask, 'float32'), 1)); // (B, T, T)
    return tf.reshape(tf.mul(tf.sub(1, allowed), MASKED), [batch, 1, 1, length, length]);
  });
}
