import * as tf from '@tensorflow/tfjs-core';
import { linear } from './linear.js';

/** SwiGLU MLP: `down(silu(gate(x)) * up(x))`. x: (N, hidden) -> (N, hidden). */
export function swigluMlp(x: tf.Tensor2D, gate: tf.Tensor, up: tf.Tensor, down: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const g = linear(x, gate);
    const silu = tf.mul(g, tf.sigmoid(g));
    return linear(tf.mul(silu, linear(x, up)) as tf.Tensor2D, down);
  });
}
