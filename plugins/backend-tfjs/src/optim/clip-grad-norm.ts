import * as tf from '@tensorflow/tfjs-core';

/**
 * Global L2 norm of all gradients, and the gradients scaled so that norm is at most `maxNorm`
 * (torch.nn.utils.clip_grad_norm_: coef = min(1, maxNorm / (norm + 1e-6))). `maxNorm <= 0` disables clipping.
 * Returns the pre-clip norm. Disposes the input gradients it replaces.
 */
export function clipGradNorm(grads: Map<string, tf.Tensor>, maxNorm: number): number {
  const norm = globalNorm([...grads.values()]);
  if (maxNorm > 0 && Number.isFinite(norm)) {
    const coef = Math.min(1, maxNorm / (norm + 1e-6));
    if (coef < 1) {
      for (const [name, g] of grads) {
        grads.set(name, tf.mul(g, coef));
        g.dispose();
      }
    }
  }
  return norm;
}

/** sqrt(sum over tensors of sum(g^2)). */
export function globalNorm(tensors: readonly tf.Tensor[]): number {
  return tf.tidy(() => {
    const squares = tensors.map((g) => tf.sum(tf.square(g)));
    return Math.sqrt(tf.addN(squares).dataSync()[0]);
  });
}
