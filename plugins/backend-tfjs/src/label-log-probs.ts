import * as tf from '@tensorflow/tfjs-core';

/** Rows per chunk are chosen so one chunk of logits holds about this many floats (16 MB). */
export const CHUNK_FLOATS = 1 << 22;

/**
 * Log-probability of each label and the entropy of each next-token distribution, from final hidden states and the LM
 * head, without materialising the (N, vocab) logits: rows are processed in chunks of about CHUNK_FLOATS / vocab, and
 * the gradient recomputes each chunk's logits instead of keeping them (a custom gradient), except when everything fits
 * in one chunk: then the forward pass's logits are kept for the backward pass (one chunk's memory, one matMul less).
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
  // One softmax pass per chunk: p = softmax(z) = exp(z - max) / s with s = sum exp(z - max), so p at the argmax is 1 / s
  // and lse = max + log(s) = max - log(max p) (within an ulp of 1 / s). The wasm Softmax kernel (XNNPACK, vectorised)
  // measured ~5 ms on (4096, 512) where the Exp kernel alone took ~30 ms (scalar exp) plus the Sub, Sum and Div passes.
  const chunkStats = (h: tf.Tensor2D, wT: tf.Tensor2D) => {
    const z = tf.matMul(h, wT); // (c, V)
    const p = tf.softmax(z); // (c, V)
    const lse = tf.sub(tf.max(z, 1, true), tf.log(tf.max(p, 1, true))); // (c, 1)
    return { z, p, lse };
  };
  // (c, 2) int32 [row, label] pairs: z[n, label_n] is one gatherND, and the label term of the gradient one scatterND,
  // instead of a (c, V) one-hot built, cast and multiplied (three more passes over the logits).
  const labelPairs = (lab: tf.Tensor1D) =>
    tf.stack([tf.range(0, lab.shape[0], 1, 'int32'), lab], 1) as tf.Tensor2D;

  const chunkOutput = (stats: ReturnType<typeof chunkStats>, lab: tf.Tensor1D) => {
    const { z, p, lse } = stats;
    const zLabel = tf.reshape(tf.gatherND(z, labelPairs(lab)), [lab.shape[0], 1]);
    const logp = tf.sub(zLabel, lse); // (c, 1)
    const ent = withEntropy ? tf.sub(lse, tf.sum(tf.mul(p, z), 1, true)) : tf.zerosLike(logp);
    return tf.concat([logp, ent], 1);
  };

  const op = tf.customGrad(((h: tf.Tensor, w: tf.Tensor, labels: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const wT = tf.transpose(w) as tf.Tensor2D;
    let value: tf.Tensor;
    // One chunk (N * V <= chunkFloats): its logits are at most one chunk's memory, so the backward pass reuses them
    // (z, p) instead of recomputing the (N, H) x (H, V) product and the softmax pass. More chunks recompute.
    let kept: tf.Tensor[] = [];
    if (chunks.length === 1) {
      const r = tf.tidy(() => {
        const stats = chunkStats(h as tf.Tensor2D, wT);
        return { out: chunkOutput(stats, labels), z: stats.z, p: stats.p };
      });
      value = r.out;
      kept = [r.z, r.p];
    } else {
      value = tf.tidy(() =>
        tf.concat(
          chunks.map(([start, size]) =>
            tf.tidy(() =>
              chunkOutput(
                chunkStats(tf.slice(h as tf.Tensor2D, start, size), wT),
                tf.slice(labels, start, size),
              ),
            ),
          ),
          0,
        ),
      );
    }
    wT.dispose();
    save([h, w, labels, ...kept]); // saves clones (when a gradient is being recorded): ours are released here
    tf.dispose(kept);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [hs, ws, labs, zKept, pKept] = saved as [
        tf.Tensor2D,
        tf.Tensor2D,
        tf.Tensor1D,
        tf.Tensor2D?,
        tf.Tensor2D?,
      ];
      let dw: tf.Tensor | undefined;
      const wT = zKept ? undefined : (tf.transpose(ws) as tf.Tensor2D);
      const dhParts: tf.Tensor[] = [];
      for (const [start, size] of chunks) {
        const [dhc, dwc] = tf.tidy(() => {
          const hc = chunks.length === 1 ? hs : tf.slice(hs, start, size);
          const { z, p } = zKept && pKept ? { z: zKept, p: pKept } : chunkStats(hc, wT!);
          const dyc = tf.slice(dy, start, size); // (c, 2)
          const [dLogp, dEnt] = tf.split(dyc, 2, 1);
          // dz = dLogp (onehot - p) - dEnt p (z - E_p[z]) = dLogp onehot - p (dLogp + dEnt (z - E_p[z]))
          const coef = withEntropy
            ? tf.add(dLogp, tf.mul(dEnt, tf.sub(z, tf.sum(tf.mul(p, z), 1, true))))
            : dLogp;
          const labelTerm = tf.scatterND(labelPairs(tf.slice(labs, start, size)), tf.reshape(dLogp, [size]), [
            size,
            vocab,
          ]);
          const dz = tf.sub(labelTerm, tf.mul(p, coef));
          return [tf.matMul(dz, ws), tf.matMul(dz, hc, true, false)];
        });
        dhParts.push(dhc);
        if (dw) {
          const next = tf.add(dw, dwc);
          dw.dispose();
          dwc.dispose();
          dw = next;
        } else dw = dwc;
      }
      wT?.dispose();
      const dh = dhParts.length === 1 ? dhParts[0] : tf.concat(dhParts, 0);
      if (dhParts.length > 1) for (const t of dhParts) t.dispose();
      // Labels are integers: no gradient flows to them.
      return [dh, dw!, tf.zerosLike(labs)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(hidden, lmHead, labels) as tf.Tensor2D;
}
