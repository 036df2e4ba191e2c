import * as tf from '@tensorflow/tfjs-core';

/** Rows per chunk are chosen so one chunk of logits holds about this many floats (16 MB). */
export const CHUNK_FLOATS = 1 << 22;

/**
 * Log-probability of each label and the entropy of each next-token distribution, from final hidden states and the LM
 * head, without materialising the (N, vocab) logits: rows are processed in chunks of about CHUNK_FLOATS / vocab, and
 * the gradient recomputes each chunk's logits instead of keeping them (a custom gradient).
 *   logp_n = z_n[label_n] - logsumexp(z_n)       z_n = W h_n
 *   H_n    = logsumexp(z_n) - sum_v p_nv z_nv     (stable: no log of a probability)
 * hidden: (N, H); lmHead: (V, H); labels: (N) int -> (N, 2): [:, 0] log-probs, [:, 1] entropies (0 when !withEntropy).
 * Gradients: d logp / dz = onehot(label) - p;  dH / dz = -p (z - E_p[z]).
 */
export function labelLogProbsAndEntropy(
  hidden: tf.Tensor2D,
  lmHead: tf.Tensor2D,
  labels: tf.Tensor1D,
  withEntropy: boolean,
  chunkFloats = CHUNK_FLOATS,
): tf.Tensor2D {
  const n = hidden.shape[0];
  const vocab = lmHead.shape[0];
  const rows = Math.max(1, Math.floor(chunkFloats / vocab));
  const chunks: [number, number][] = [];
  for (let s = 0; s < n; s += rows) chunks.push([s, Math.min(rows, n - s)]);

  // wT: (H, V), transposed once per call rather than once per chunk (a transposed operand costs a copy on wasm).
  const chunkStats = (h: tf.Tensor2D, wT: tf.Tensor2D, lab: tf.Tensor1D) => {
    const z = tf.matMul(h, wT); // (c, V)
    const lse = tf.logSumExp(z, 1, true); // (c, 1)
    const p = tf.exp(tf.sub(z, lse)); // (c, V)
    // oneHot with an explicit float32 dtype returns zeros on the tfjs 4.22 wasm backend: take the int32 default and cast.
    return { z, lse, p, onehot: tf.cast(tf.oneHot(lab, vocab), 'float32') };
  };

  const op = tf.customGrad(((h: tf.Tensor, w: tf.Tensor, labels: tf.Tensor1D, save: tf.GradSaveFunc) => {
    save([h, w, labels]);
    const value = tf.tidy(() => {
      const wT = tf.transpose(w) as tf.Tensor2D;
      const parts = chunks.map(([start, size]) =>
        tf.tidy(() => {
          const lab = tf.slice(labels, start, size);
          const { z, lse, p, onehot } = chunkStats(tf.slice(h as tf.Tensor2D, start, size), wT, lab);
          const logp = tf.sub(tf.sum(tf.mul(z, onehot), 1, true), lse); // (c, 1)
          const ent = withEntropy ? tf.sub(lse, tf.sum(tf.mul(p, z), 1, true)) : tf.zerosLike(logp);
          return tf.concat([logp, ent], 1);
        }),
      );
      return parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    });
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [hs, ws, labs] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
      let dw: tf.Tensor = tf.zerosLike(ws);
      const wT = tf.transpose(ws) as tf.Tensor2D;
      const dhParts: tf.Tensor[] = [];
      for (const [start, size] of chunks) {
        const [dhc, dwc] = tf.tidy(() => {
          const hc = tf.slice(hs, start, size);
          const { z, p, onehot } = chunkStats(hc, wT, tf.slice(labs, start, size));
          const dyc = tf.slice(dy, start, size); // (c, 2)
          const [dLogp, dEnt] = tf.split(dyc, 2, 1);
          let dz = tf.mul(dLogp, tf.sub(onehot, p));
          if (withEntropy) {
            const mean = tf.sum(tf.mul(p, z), 1, true);
            dz = tf.sub(dz, tf.mul(dEnt, tf.mul(p, tf.sub(z, mean))));
          }
          return [tf.matMul(dz, ws), tf.matMul(dz, hc, true, false)];
        });
        dhParts.push(dhc);
        const next = tf.add(dw, dwc);
        dw.dispose();
        dwc.dispose();
        dw = next;
      }
      wT.dispose();
      const dh = dhParts.length === 1 ? dhParts[0] : tf.concat(dhParts, 0);
      if (dhParts.length > 1) for (const t of dhParts) t.dispose();
      // Labels are integers: no gradient flows to them.
      return [dh, dw, tf.zerosLike(labs)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(hidden, lmHead, labels) as tf.Tensor2D;
}
