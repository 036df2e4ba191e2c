import type { ModelConfig } from '@reasonrl/hf-checkpoint';
import type { OnnxGraph } from './onnx-graph.js';
import type { QwenGraphKind } from './qwen-graph.js';

/** What an attention builder shares with the rest of the decoder graph. */
export interface AttentionContext {
  g: OnnxGraph;
  config: ModelConfig;
  kind: QwenGraphKind;
  /** Prefill on top of a past (a shared prompt prefix): `past_key_values.*` inputs, `present.*` = past + new. */
  withPast: boolean;
  S: number | string;
  /** int64 [B, S] and [B]. */
  bs: string;
  batch: string;
  /** RoPE tables (maxPositions, headDim / 2). */
  cos: string;
  sin: string;
  rmsNorm(x: string, weight: string): string;
  linear(x: string, weight: string, bias?: string): string;
  /** The bias tensor's name when the checkpoint has it. */
  bias(name: string): string | undefined;
}

/** Builds one layer's attention: x (B*S, H) normed -> merged heads (B*S, nH*D), declaring the layer's KV inputs/outputs. */
export type AttentionBuilder = (x: string, layer: number) => string;

/** ORT's CPU GroupQueryAttention with RoPE needs headDim % 16 == 0. */
export function gqaSupported(config: ModelConfig): boolean {
  return config.headDim % 16 === 0;
}

/** Input/output names (duplicated from QWEN_IO to avoid an import cycle). */
const past = (l: number, kv: 'key' | 'value') => `past_key_values.${l}.${kv}`;
const present = (l: number, kv: 'key' | 'value') => `present.${l}.${kv}`;
const fresh = (l: number, kv: 'key' | 'value') => `new_key_values.${l}.${kv}`;

/** RoPE (rotate_half) on x (B, S, heads, D) with cos/sin (B, S, 1, D/2). */
function applyRope(g: OnnxGraph, x: string, cos: string, sin: string): string {
  const [x1, x2] = g.nodeN('Split', [x], 2, { axis: { i: -1 } });
  const o1 = g.node('Sub', [g.node('Mul', [x1, cos]), g.node('Mul', [x2, sin])]);
  const o2 = g.node('Add', [g.node('Mul', [x2, cos]), g.node('Mul', [x1, sin])]);
  return g.node('Concat', [o1, o2], { axis: { i: -1 } });
}

/** cos/sin (B, S, 1, D/2) gathered from the tables at `positionIds` (B, S). */
function ropeAt(ctx: AttentionContext, positionIds: string): { cos: string; sin: string } {
  const axis2 = ctx.g.constI64([2]);
  return {
    cos: ctx.g.node('Unsqueeze', [ctx.g.node('Gather', [ctx.cos, positionIds]), axis2]),
    sin: ctx.g.node('Unsqueeze', [ctx.g.node('Gather', [ctx.sin, positionIds]), axis2]),
  };
}

/**
 * Attention with standard ONNX ops: RoPE by Gather from the tables at `position_ids`, grouped-query attention without
 * repeating K/V (q heads kv*groups .. kv*groups+groups-1 share kv head kv), additive `attention_bias`, KV by Concat.
 */
export function attentionStandard(ctx: AttentionContext): AttentionBuilder {
  const { g, config, S, bs, batch } = ctx;
  const { numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D } = config;
  const groups = nH / kvH;
  const total = ctx.kind === 'decode' ? 'total_sequence' : 'sequence';
  const positionIds = g.input('position_ids', 'int64', ['batch', S]);
  const bias = g.input('attention_bias', 'float32', ['batch', 1, 1, S, total]);
  const cat0 = (parts: string[]) => g.node('Concat', parts, { axis: { i: 0 } });
  const shapeQ4 = cat0([bs, g.constI64([nH, D])]);
  const shapeKv4 = cat0([bs, g.constI64([kvH, D])]);
  const shapeQ5 = cat0([bs, g.constI64([kvH, groups, D])]);
  const shapeGrouped = cat0([batch, g.constI64([kvH, -1, D])]);
  const shapeScores5 = cat0([
    batch,
    g.constI64([kvH, groups]),
    g.node('Slice', [bs, g.constI64([1]), g.constI64([2])]),
    g.constI64([-1]),
  ]);
  const shapeScores4 = cat0([
    batch,
    g.constI64([kvH, -1]),
    g.node('Slice', [g.node('Shape', [bias]), g.constI64([4]), g.constI64([5])]),
  ]);
  const shapeCtx5 = cat0([batch, g.constI64([kvH, groups, -1, D])]);
  const flatHeads = g.constI64([-1, nH * D]);
  const { cos, sin } = ropeAt(ctx, positionIds); // (B, S, 1, D/2)
  const rope = (x: string): string => applyRope(g, x, cos, sin);
  const scale = g.constF32([1 / Math.sqrt(D)], []);
  const perm = (ints: number[]) => ({ perm: { ints } });

  return (x, l) => {
    const p = `model.layers.${l}.self_attn`;
    let q = g.node('Reshape', [ctx.linear(x, `${p}.q_proj.weight`, ctx.bias(`${p}.q_proj.bias`)), shapeQ4]); // (B, S, nH, D)
    let k = g.node('Reshape', [ctx.linear(x, `${p}.k_proj.weight`, ctx.bias(`${p}.k_proj.bias`)), shapeKv4]); // (B, S, kvH, D)
    const v = g.node('Reshape', [
      ctx.linear(x, `${p}.v_proj.weight`, ctx.bias(`${p}.v_proj.bias`)),
      shapeKv4,
    ]);
    if (config.qkNorm) {
      q = ctx.rmsNorm(q, `${p}.q_norm.weight`);
      k = ctx.rmsNorm(k, `${p}.k_norm.weight`);
    }
    q = g.node('Mul', [rope(q), scale]);
    const kvShape = ['batch', kvH, total, D];
    let kAll: string;
    let vAll: string;
    if (ctx.kind === 'decode') {
      const pastShape = ['batch', kvH, 'past_sequence', D];
      kAll = g.nodeN(
        'Concat',
        [g.input(past(l, 'key'), 'float32', pastShape), g.node('Transpose', [rope(k)], perm([0, 2, 1, 3]))],
        [present(l, 'key')],
        { axis: { i: 2 } },
      )[0];
      vAll = g.nodeN(
        'Concat',
        [g.input(past(l, 'value'), 'float32', pastShape), g.node('Transpose', [v], perm([0, 2, 1, 3]))],
        [present(l, 'value')],
        { axis: { i: 2 } },
      )[0];
    } else {
      kAll = g.nodeN('Transpose', [rope(k)], [present(l, 'key')], perm([0, 2, 1, 3]))[0]; // (B, kvH, S, D)
      vAll = g.nodeN('Transpose', [v], [present(l, 'value')], perm([0, 2, 1, 3]))[0];
    }
    g.output(kAll, present(l, 'key'), 'float32', kvShape);
    g.output(vAll, present(l, 'value'), 'float32', kvShape);
    // q (B, S, nH, D) -> (B, S, kvH, groups, D) -> (B, kvH, groups, S, D) -> (B, kvH, groups*S, D)
    const qGrouped = g.node('Reshape', [
      g.node('Transpose', [g.node('Reshape', [q, shapeQ5])], perm([0, 2, 3, 1, 4])),
      shapeGrouped,
    ]);
    const kT = g.node('Transpose', [kAll], perm([0, 1, 3, 2])); // (B, kvH, D, T)
    const scores = g.node('Reshape', [g.node('MatMul', [qGrouped, kT]), shapeScores5]); // (B, kvH, groups, S, T)
    const probs = g.node('Reshape', [
      g.node('Softmax', [g.node('Add', [scores, bias])], { axis: { i: -1 } }),
      shapeScores4,
    ]); // (B, kvH, groups*S, T)
    const out = g.node('Reshape', [g.node('MatMul', [probs, vAll]), shapeCtx5]); // (B, kvH, groups, S, D)
    return g.node('Reshape', [g.node('Transpose', [out], perm([0, 3, 1, 2, 4])), flatHeads]); // (B*S, nH*D)
  };
}

/**
 * Attention by ORT's `GroupQueryAttention` (com.microsoft): causal softmax over each row's own length (`seqlens_k`).
 * Prefill: RoPE inside the op, the prompt's KV as `present.*` outputs.
 * Decode: RoPE applied before the op at `position_ids` (so the rotated key can be returned), the cache read from
 * `past_key_values.*` (B, kvHeads, capacity, D) and only the new token's rotated key and value returned as
 * `new_key_values.{l}.key|value` (B, 1, kvHeads*D): onnxruntime-node copies every output into a new JS buffer, so
 * returning the whole cache would copy it at every step; the caller writes the new slot into its cache instead.
 */
export function attentionGqa(ctx: AttentionContext): AttentionBuilder {
  const { g, config, S, bs } = ctx;
  const { numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D } = config;
  const seqlensK = g.input('seqlens_k', 'int32', ['batch']);
  const totalLength = g.input('total_sequence_length', 'int32', []);
  const decode = ctx.kind === 'decode';
  const rope = decode ? ropeAt(ctx, g.input('position_ids', 'int64', ['batch', S])) : undefined;
  const cat0 = (parts: string[]) => g.node('Concat', parts, { axis: { i: 0 } });
  const shapeQ3 = cat0([bs, g.constI64([nH * D])]);
  const shapeKv3 = cat0([bs, g.constI64([kvH * D])]);
  const shapeQ4 = cat0([bs, g.constI64([nH, D])]);
  const shapeKv4 = cat0([bs, g.constI64([kvH, D])]);
  const flatHeads = g.constI64([-1, nH * D]);
  const cacheDim = decode ? 'capacity' : 'total_sequence';
  const pastDim = decode ? 'capacity' : 'past_sequence';

  return (x, l) => {
    const p = `model.layers.${l}.self_attn`;
    let q = ctx.linear(x, `${p}.q_proj.weight`, ctx.bias(`${p}.q_proj.bias`)); // (B*S, nH*D)
    let k = ctx.linear(x, `${p}.k_proj.weight`, ctx.bias(`${p}.k_proj.bias`));
    const v = g.node('Reshape', [
      ctx.linear(x, `${p}.v_proj.weight`, ctx.bias(`${p}.v_proj.bias`)),
      shapeKv3,
    ]);
    if (config.qkNorm || rope) {
      q = g.node('Reshape', [q, shapeQ4]); // (B, S, nH, D)
      k = g.node('Reshape', [k, shapeKv4]);
    }
    if (config.qkNorm) {
      q = ctx.rmsNorm(q, `${p}.q_norm.weight`);
      k = ctx.rmsNorm(k, `${p}.k_norm.weight`);
    }
    if (rope) {
      q = applyRope(g, q, rope.cos, rope.sin);
      k = applyRope(g, k, rope.cos, rope.sin);
    }
    q = g.node('Reshape', [q, shapeQ3]); // (B, S, nH*D)
    k = g.node('Reshape', [k, shapeKv3]);
    const cacheShape = ['batch', kvH, cacheDim, D];
    const pastShape = ['batch', kvH, pastDim, D];
    const hasPast = decode || ctx.withPast;
    const pastK = hasPast ? g.input(past(l, 'key'), 'float32', pastShape) : '';
    const pastV = hasPast ? g.input(past(l, 'value'), 'float32', pastShape) : '';
    const [out, presentK, presentV] = g.nodeN(
      'GroupQueryAttention',
      [q, k, v, pastK, pastV, seqlensK, totalLength, decode ? '' : ctx.cos, decode ? '' : ctx.sin],
      decode ? 3 : [undefined, present(l, 'key'), present(l, 'value')],
      {
        num_heads: { i: nH },
        kv_num_heads: { i: kvH },
        do_rotary: { i: decode ? 0 : 1 },
        rotary_interleaved: { i: 0 },
      },
      'com.microsoft',
    );
    if (decode) {
      g.output(k, fresh(l, 'key'), 'float32', ['batch', S, kvH * D]);
      g.output(v, fresh(l, 'value'), 'float32', ['batch', S, kvH * D]);
    } else {
      g.output(presentK, present(l, 'key'), 'float32', cacheShape);
      g.output(presentV, present(l, 'value'), 'float32', cacheShape);
    }
    return g.node('Reshape', [out, flatHeads]); // (B*S, nH*D)
  };
}

/**
 * Decode attention with standard ops on a fixed-capacity cache that is only read: `past_key_values.*`
 * (B, kvHeads, C, D) hold each row's tokens in its first slots, `attention_bias` (B, 1, 1, 1, C) masks the unused
 * ones. The new token's key/value are not concatenated to the cache (that would copy it): its score is computed
 * apart and joined to the C past scores before the softmax, and its value added to the weighted past values.
 * Returns only `new_key_values.{l}.key|value` (B, 1, kvHeads*D) for the caller to write into slot `length`.
 */
export function attentionStaticCache(ctx: AttentionContext): AttentionBuilder {
  const { g, config, S, bs, batch } = ctx;
  if (ctx.kind !== 'decode')
    throw new Error(
      "attentionStaticCache: only the decode graph reads a static cache (use 'standard' or 'gqa' for prefill)",
    );
  const { numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D } = config;
  const groups = nH / kvH;
  const positionIds = g.input('position_ids', 'int64', ['batch', S]);
  const bias = g.input('attention_bias', 'float32', ['batch', 1, 1, 1, 'capacity']);
  const biasG = g.node('Reshape', [
    bias,
    g.node('Concat', [batch, g.constI64([1, 1, 1, -1])], { axis: { i: 0 } }),
  ]); // (B, 1, 1, 1, C)
  const cat0 = (parts: string[]) => g.node('Concat', parts, { axis: { i: 0 } });
  const shapeQ4 = cat0([bs, g.constI64([nH, D])]);
  const shapeKv4 = cat0([bs, g.constI64([kvH, D])]);
  const shapeQG = cat0([batch, g.constI64([kvH, groups, 1, D])]); // (B, kvH, groups, 1, D): S = 1
  const shapeKvG = cat0([batch, g.constI64([kvH, 1, 1, D])]);
  const axis2 = g.constI64([2]);
  const shapeKv3 = cat0([bs, g.constI64([kvH * D])]);
  const flatHeads = g.constI64([-1, nH * D]);
  const { cos, sin } = ropeAt(ctx, positionIds);
  const scale = g.constF32([1 / Math.sqrt(D)], []);
  const lastAxis = g.constI64([-1]);

  return (x, l) => {
    const p = `model.layers.${l}.self_attn`;
    let q = g.node('Reshape', [ctx.linear(x, `${p}.q_proj.weight`, ctx.bias(`${p}.q_proj.bias`)), shapeQ4]); // (B, 1, nH, D)
    let k = g.node('Reshape', [ctx.linear(x, `${p}.k_proj.weight`, ctx.bias(`${p}.k_proj.bias`)), shapeKv4]); // (B, 1, kvH, D)
    const v = ctx.linear(x, `${p}.v_proj.weight`, ctx.bias(`${p}.v_proj.bias`)); // (B, kvH*D)
    if (config.qkNorm) {
      q = ctx.rmsNorm(q, `${p}.q_norm.weight`);
      k = ctx.rmsNorm(k, `${p}.k_norm.weight`);
    }
    q = g.node('Mul', [applyRope(g, q, cos, sin), scale]);
    k = applyRope(g, k, cos, sin);
    g.output(g.node('Reshape', [k, shapeKv3]), fresh(l, 'key'), 'float32', ['batch', S, kvH * D]);
    g.output(g.node('Reshape', [v, shapeKv3]), fresh(l, 'value'), 'float32', ['batch', S, kvH * D]);
    const qG = g.node('Reshape', [q, shapeQG]); // (B, kvH, groups, 1, D): head kv*groups+j -> [kv, j]
    const kG = g.node('Reshape', [k, shapeKvG]); // (B, kvH, 1, 1, D)
    const vG = g.node('Reshape', [v, shapeKvG]);
    const cacheShape = ['batch', kvH, 'capacity', D];
    // (B, kvH, 1, C, D): each query head is its own one-row matmul against its kv head's cache, broadcast over the
    // group axis (no copy). One-row products take MLAS's M=1 kernels, which stream the cache without packing it;
    // a (groups x D) product per kv head packed the whole cache into panels at every step (2x slower here).
    const pastK = g.node('Unsqueeze', [g.input(past(l, 'key'), 'float32', cacheShape), axis2]);
    const pastV = g.node('Unsqueeze', [g.input(past(l, 'value'), 'float32', cacheShape), axis2]);
    const sPast = g.node('Add', [
      g.node('MatMul', [qG, g.node('Transpose', [pastK], { perm: { ints: [0, 1, 2, 4, 3] } })]),
      biasG,
    ]); // (B, kvH, groups, 1, C)
    const sNew = g.node('ReduceSum', [g.node('Mul', [qG, kG]), lastAxis], { keepdims: { i: 1 } }); // (B, kvH, groups, 1, 1)
    const probs = g.node('Softmax', [g.node('Concat', [sPast, sNew], { axis: { i: -1 } })], {
      axis: { i: -1 },
    }); // (B, kvH, groups, 1, C+1)
    const [pPast, pNew] = g.nodeN(
      'Split',
      [
        probs,
        g.node('Concat', [g.node('Shape', [sPast], { start: { i: -1 } }), g.constI64([1])], {
          axis: { i: 0 },
        }),
      ],
      2,
      { axis: { i: -1 } },
    );
    const out = g.node('Add', [g.node('MatMul', [pPast, pastV]), g.node('Mul', [pNew, vG])]); // (B, kvH, groups, 1, D)
    return g.node('Reshape', [out, flatHeads]); // (B, nH*D)
  };
}
