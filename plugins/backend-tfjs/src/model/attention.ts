import type { ModelConfig } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { linear } from './linear.js';
import { rmsNorm } from './rms-norm.js';
import { applyRope } from './rope.js';

export interface AttentionInputs {
  /** (B*T, hidden) normed hidden states of the T query tokens. */
  x: tf.Tensor2D;
  batch: number;
  length: number;
  /** (B, 1, T, headDim) RoPE tables of the query tokens. */
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
  /** Additive mask broadcastable to (B, kvHeads, groups, T, Tkeys). */
  mask: tf.Tensor;
  /** Keys and values of earlier tokens (B, kvHeads, Tpast, headDim), already rotated: incremental decoding. */
  past?: { k: tf.Tensor4D; v: tf.Tensor4D };
}

/**
 * Projects q, k, v; Qwen3 normalises q and k per head (RMSNorm over headDim) before RoPE.
 * -> q (B, heads, T, d), k and v (B, kvHeads, T, d), rotated.
 */
function projectQkv(config: ModelConfig, w: (suffix: string) => tf.Tensor | undefined, inp: AttentionInputs) {
  const { batch: b, length: t } = inp;
  const { numAttentionHeads: nh, numKeyValueHeads: nkv, headDim: d } = config;
  const heads = (y: tf.Tensor2D, n: number): tf.Tensor4D => tf.reshape(y, [b, t, n, d]);
  let q = heads(linear(inp.x, w('q_proj.weight')!, w('q_proj.bias')), nh);
  let k = heads(linear(inp.x, w('k_proj.weight')!, w('k_proj.bias')), nkv);
  const v = heads(linear(inp.x, w('v_proj.weight')!, w('v_proj.bias')), nkv);
  if (config.qkNorm) {
    q = rmsNorm(q, w('q_norm.weight')!, config.rmsNormEps) as tf.Tensor4D;
    k = rmsNorm(k, w('k_norm.weight')!, config.rmsNormEps) as tf.Tensor4D;
  }
  return {
    q: applyRope(tf.transpose(q, [0, 2, 1, 3]), inp.cos, inp.sin),
    k: applyRope(tf.transpose(k, [0, 2, 1, 3]), inp.cos, inp.sin),
    v: tf.transpose(v, [0, 2, 1, 3]) as tf.Tensor4D,
  };
}

/**
 * Grouped-query self-attention of one layer (Qwen2/Qwen3 eager attention). `w(name)` returns the layer's weight by its
 * HF suffix (`q_proj.weight`, ...). Query heads are grouped under their kv head (head h uses kv head h / groups, as
 * HF's repeat_kv) by reshaping q to (B, kvHeads, groups*T, headDim) instead of repeating k and v.
 * -> out (B*T, hidden), and the keys/values of past + new tokens (B, kvHeads, Tkeys, d) for a decoding cache.
 */
export function selfAttentionWithCache(
  config: ModelConfig,
  w: (suffix: string) => tf.Tensor | undefined,
  inp: AttentionInputs,
): { out: tf.Tensor2D; k: tf.Tensor4D; v: tf.Tensor4D } {
  return tf.tidy(() => {
    const { batch: b, length: t } = inp;
    const { numAttentionHeads: nh, numKeyValueHeads: nkv, headDim: d } = config;
    const groups = nh / nkv;
    const cur = projectQkv(config, w, inp);
    const k = inp.past ? (tf.concat([inp.past.k, cur.k], 2) as tf.Tensor4D) : cur.k;
    const v = inp.past ? (tf.concat([inp.past.v, cur.v], 2) as tf.Tensor4D) : cur.v;
    const tk = k.shape[2];
    const qg = tf.reshape(cur.q, [b, nkv, groups * t, d]); // heads kv*groups+g -> rows g*T+i under kv head
    // The 1/sqrt(d) scale on q (B, nkv, groups*T, d) rather than on the scores (B, nkv, groups*T, Tkeys): Tkeys/d times
    // fewer multiplies, forward and backward (issue-5 step's kernel profile: those Multiply kernels 24 -> 4 ms). Exact
    // where 1/sqrt(d) is a power of two (d = 16, 64, 256); otherwise it differs from HF's (q @ k^T) * scale only by
    // float32 rounding.
    const scores = tf.matMul(tf.mul(qg, 1 / Math.sqrt(d)), k, false, true); // (B, nkv, groups*T, Tkeys)
    const masked = tf.add(tf.reshape(scores, [b, nkv, groups, t, tk]), inp.mask);
    const probs = tf.reshape(tf.softmax(masked), [b, nkv, groups * t, tk]);
    const ctx = tf.reshape(tf.matMul(probs, v), [b, nh, t, d]); // (B, nh, T, d)
    const merged = tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [b * t, nh * d]) as tf.Tensor2D;
    return { out: linear(merged, w('o_proj.weight')!, w('o_proj.bias')), k, v };
  });
}

/** selfAttentionWithCache without the cache outputs. -> (B*T, hidden) */
export function selfAttention(
  config: ModelConfig,
  w: (suffix: string) => tf.Tensor | undefined,
  inp: AttentionInputs,
): tf.Tensor2D {
  return tf.tidy(() => selfAttentionWithCache(config, w, inp).out);
}
