import * as tf from '@tensorflow/tfjs-core';

/**
 * RoPE angle tables in transformers' float32 arithmetic (inv_freq = 1 / theta^(2i/d), angle = pos * inv_freq, each
 * rounded to float32 as torch does), so positions in the hundreds match HF to float32 precision.
 * positions: (B, T) integer positions -> cos, sin: (B, 1, T, headDim) (first and second halves repeat).
 */
export function ropeTables(
  positions: readonly (readonly number[])[],
  headDim: number,
  theta: number,
): { cos: tf.Tensor4D; sin: tf.Tensor4D } {
  const half = headDim / 2;
  const invFreq = new Float32Array(half);
  for (let i = 0; i < half; i++)
    invFreq[i] = Math.fround(1 / Math.fround(theta ** Math.fround((2 * i) / headDim)));
  const b = positions.length;
  const t = positions[0]?.length ?? 0;
  const cos = new Float32Array(b * t * headDim);
  const sin = new Float32Array(b * t * headDim);
  // Each distinct position's row is computed once and copied (rows repeat across the batch: 16 x 256 positions have
  // 256 distinct values: measured 1-3 ms instead of 4-11 ms for the issue-5 batch).
  const rowOf = new Map<number, number>(); // position -> offset of its first row
  for (let r = 0; r < b; r++) {
    for (let p = 0; p < t; p++) {
      const base = (r * t + p) * headDim;
      const seen = rowOf.get(positions[r][p]);
      if (seen !== undefined) {
        cos.copyWithin(base, seen, seen + headDim);
        sin.copyWithin(base, seen, seen + headDim);
        continue;
      }
      rowOf.set(positions[r][p], base);
      for (let i = 0; i < half; i++) {
        const angle = Math.fround(positions[r][p] * invFreq[i]);
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        cos[base + i] = c;
        cos[base + i + half] = c;
        sin[base + i] = s;
        sin[base + i + half] = s;
      }
    }
  }
  return { cos: tf.tensor4d(cos, [b, 1, t, headDim]), sin: tf.tensor4d(sin, [b, 1, t, headDim]) };
}

/** Default positions 0..T-1 for every row (right padding, or no padding). -> (B, T) */
export function defaultPositions(batch: number, length: number): number[][] {
  const row = Array.from({ length }, (_, i) => i);
  return Array.from({ length: batch }, () => row);
}

/**
 * Positions from an attention mask, as HF derives them for left padding: cumsum(mask) - 1, clamped at 0.
 * mask: (B, T) of 0/1 -> (B, T).
 */
export function positionsFromMask(mask: readonly (readonly number[])[]): number[][] {
  return mask.map((row) => {
    let seen = 0;
    return row.map((m) => {
      seen += m ? 1 : 0;
      return Math.max(0, seen - 1);
    });
  });
}

/**
 * The (headDim, headDim) signed permutation R with `x @ R = rotate_half(x) = concat(-x2, x1)`: column i < half takes
 * -x[i + half], column i >= half takes x[i - half]. Each output is one input times +-1 plus exact zeros, so the product
 * is exact.
 */
function rotateHalfMatrix(headDim: number): tf.Tensor2D {
  const half = headDim / 2;
  const r = new Float32Array(headDim * headDim);
  for (let i = 0; i < half; i++) {
    r[(i + half) * headDim + i] = -1;
    r[i * headDim + i + half] = 1;
  }
  return tf.tensor2d(r, [headDim, headDim]);
}

/**
 * Rotates q or k: `x * cos + rotate_half(x) * sin` with rotate_half(x) = concat(-x2, x1).
 * rotate_half is one small matMul with a signed permutation rather than split + neg + concat on the last axis: on wasm
 * those last-axis copies run as one JS loop iteration per row (measured ~8 ms per concat of a (16, 4, 176, 32) q, and
 * again in the gradient), while the (rows, d) @ (d, d) product is one XNNPACK call.
 * x: (B, heads, T, headDim); cos/sin: (B, 1, T, headDim) -> (B, heads, T, headDim).
 */
export function applyRope(x: tf.Tensor4D, cos: tf.Tensor4D, sin: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const d = x.shape[3];
    const rotated = tf.reshape(tf.matMul(tf.reshape(x, [-1, d]), rotateHalfMatrix(d)), x.shape);
    return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor4D;
  });
}
