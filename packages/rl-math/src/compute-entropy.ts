import * as tf from '@tensorflow/tfjs-core';
import { RlMathError } from './errors.js';

/**
 * Entropy (nats) of the next-token distribution softmax(logits) over the last dim.
 *
 * With z = logits - max(logits) (so z <= 0 and the largest entry is 0):
 *   H = logsumexp(z) - sum_v softmax(z)_v * z_v
 * which never forms log(0), never overflows, and avoids the cancellation that the unshifted
 * identity suffers for logits in the thousands. A -Infinity logit gives NaN (0 * -Inf), as in the
 * reference.
 *
 * @param logits (B, T, V) unnormalized scores (any rank >= 1; the last dim is the vocabulary).
 * @returns (B, T): the logits' shape without its last dim.
 */
export function computeEntropy(logits: tf.Tensor): tf.Tensor {
  if (logits.rank < 1 || logits.shape[logits.rank - 1] === 0) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `computeEntropy: logits has shape (${logits.shape.join(', ')}); expected (..., V) with V >= 1`,
    );
  }
  return tf.tidy(() => {
    const shifted = tf.sub(logits, tf.max(logits, -1, true)); // (B, T, V), max entry 0
    const logZ = tf.logSumExp(shifted, -1, true); // (B, T, 1), in [0, log V]
    const probs = tf.exp(tf.sub(shifted, logZ)); // (B, T, V)
    const expectedLogit = tf.sum(tf.mul(probs, shifted), -1); // (B, T)
    return tf.sub(tf.reshape(logZ, expectedLogit.shape), expectedLogit); // (B, T)
  });
}
