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
  /** Static decode: every row continues one shared prefix, read from `prefix_key_values.*` (see `attentionStaticCache`). */
  sharedPrefix: boolean;
  /** Static decode with `sharedPrefix`: rows grouped by prompt also share the prompt's tokens after the prefix. */
  promptGroups: boolean;
  /** Static decode: the per-row cache comes in this many buckets of rows, each with its own capacity (>= 1). */
  rowBuckets: number;
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
const prefix = (l: number, kv: 'key' | 'value') => `prefix_key_values.${l}.${kv}`;
const group = (l: number, kv: 'key' | 'value') => `group_key_values.${l}.${kv}`;
/**
 * Static decode with row buckets: bucket 0 keeps the plain names, bucket k > 0 gets a `.k` suffix (the one source of
 * these names: `QWEN_IO.bucketKey/bucketValue/bucketBias` are these).
 */
export const bucketPast = (l: number, kv: 'key' | 'value', k: number) =>
  k === 0 ? past(l, kv) : `${past(l, kv)}.${k}`;
export const bucketBias = (k: number) => (k === 0 ? 'attention_bias' : `attention_bias.${k}`);

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
 * Returns only `new_key_values.{l}.key|value` (B, 1, kvHeads*D) for the caller to write into slot `length - P`.
 *
 * With `sharedPrefix` ("cascade" attention), every row continues the same P-token prefix (a prompt template), whose
 * keys/values come once in `prefix_key_values.{l}.key|value` (kvHeads, P, D) and are not in the per-row cache (row
 * b's cache slot i holds its token at position P + i; positions stay absolute). The prefix scores of all rows are one
 * GEMM per kv head, (kvH, B*groups, D) @ (kvH, D, P), which reads the prefix once instead of once per row; they join
 * the per-row and new-token scores before the one softmax, and their weighted values are one GEMM too.
 *
 * With `promptGroups` too (a second level, for n samples per prompt), the tokens of each prompt after the shared
 * prefix are kept once per prompt in `group_key_values.{l}.key|value` (G, kvHeads, Cg, D), masked beyond each
 * prompt's length by `group_bias` (G, 1, 1, Cg), and the per-row cache holds only the row's generated tokens.
 * `group_rows` int64 (G*n) names the row in each of the n query slots of each group (unused slots: any row, their
 * results are dropped) and `row_slots` int64 (B) each row's slot: the queries are gathered per group, scored by one
 * GEMM per (group, kv head), (G, kvH, n*groups, D) @ (G, kvH, D, Cg), and gathered back to rows.
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
  const K = ctx.rowBuckets;
  if (!Number.isInteger(K) || K < 1)
    throw new Error(`attentionStaticCache: rowBuckets must be >= 1, got ${K}`);
  if (K > 1 && ctx.promptGroups)
    throw new Error("attentionStaticCache: 'rowBuckets' > 1 is not supported with 'promptGroups'");
  const cat0 = (parts: string[]) => g.node('Concat', parts, { axis: { i: 0 } });
  // row buckets: bucket k holds rows [B_0 + .. + B_{k-1}, + B_k) of the batch, with its own capacity C_k
  const biases = Array.from({ length: K }, (_, k) =>
    g.input(bucketBias(k), 'float32', [k === 0 ? 'batch' : `batch_${k}`, 1, 1, 1, `capacity_${k}`]),
  ); // (B_k, 1, 1, 1, C_k)
  const biasG =
    K === 1
      ? [g.node('Reshape', [biases[0], cat0([batch, g.constI64([1, 1, 1, -1])])])] // (B, 1, 1, 1, C)
      : biases;
  /** [B_0, .., B_{K-1}]: the rows of each bucket, to split the batch axis by. */
  const bucketRows = K === 1 ? '' : cat0(biases.map((b) => g.node('Shape', [b], { end: { i: 1 } })));
  const byBucket = (t: string) => (K === 1 ? [t] : g.nodeN('Split', [t, bucketRows], K, { axis: { i: 0 } }));
  const joinBuckets = (ts: string[]) => (K === 1 ? ts[0] : cat0(ts));
  const shapeQ4 = cat0([bs, g.constI64([nH, D])]);
  const shapeKv4 = cat0([bs, g.constI64([kvH, D])]);
  const shapeQG = cat0([batch, g.constI64([kvH, groups, 1, D])]); // (B, kvH, groups, 1, D): S = 1
  const shapeKvG = cat0([batch, g.constI64([kvH, 1, 1, D])]);
  const axis2 = g.constI64([2]);
  const shapeKv3 = cat0([bs, g.constI64([kvH * D])]);
  const shapeQ3 = cat0([bs, g.constI64([nH * D])]);
  const flatHeads = g.constI64([-1, nH * D]);
  /** rotate_half RoPE at `position_ids` of x (B, 1, heads, D) -> (B, 1, heads*D), by the contrib op. */
  const rotary = (x: string, heads: number) =>
    g.node(
      'RotaryEmbedding',
      [g.node('Reshape', [x, heads === nH ? shapeQ3 : shapeKv3]), positionIds, ctx.cos, ctx.sin],
      { interleaved: { i: 0 }, num_heads: { i: heads } },
      'com.microsoft',
    );
  const scale = g.constF32([1 / Math.sqrt(D)], []);
  const lastAxis = g.constI64([-1]);
  const one = g.constI64([1]);
  // cascade: (B, kvH, groups, 1, X) <-> (kvH, B*groups, X), the kv head first so each is one GEMM over all rows
  const swap01 = { perm: { ints: [1, 0, 2, 3, 4] } };
  const cascade = ctx.sharedPrefix
    ? {
        rowsD: g.constI64([kvH, -1, D]), // (kvH, B*groups, D)
        rows: g.constI64([kvH, -1]), // (kvH, B*groups), P appended
        split: cat0([g.constI64([kvH]), batch, g.constI64([groups, 1, -1])]), // (kvH, B, groups, 1, X)
      }
    : undefined;
  if (ctx.promptGroups && !cascade)
    throw new Error("attentionStaticCache: 'promptGroups' needs 'sharedPrefix'");
  // prompt groups: rows (B, kvH, groups, 1, X) <-> group slots (G, kvH, n*groups, X)
  const grouping = ctx.promptGroups
    ? (() => {
        const groupBias = g.input('group_bias', 'float32', ['groups', 1, 1, 'group_capacity']);
        const G = g.node('Shape', [groupBias], { end: { i: 1 } }); // [G]
        return {
          bias: groupBias,
          rows: g.input('group_rows', 'int64', ['group_slots']), // (G*n)
          slots: g.input('row_slots', 'int64', ['batch']), // (B)
          swap12: { perm: { ints: [0, 2, 1, 3, 4] } },
          // (G*n, kvH, groups, 1, X) -> (G, n, kvH, groups, X), X appended
          perGroup: cat0([G, g.constI64([-1, kvH, groups])]),
          // (G, kvH, n, groups, X) -> (G, kvH, n*groups, X), X appended
          flat: cat0([G, g.constI64([kvH, -1])]),
          // (G, kvH, n*groups, X) -> (G, kvH, n, groups, X), X appended
          unflat: cat0([G, g.constI64([kvH, -1, groups])]),
          // (G, n, kvH, groups, X) -> (G*n, kvH, groups, 1, X), X appended
          toSlots: g.constI64([-1, kvH, groups, 1]),
        };
      })()
    : undefined;

  return (x, l) => {
    const p = `model.layers.${l}.self_attn`;
    let q = g.node('Reshape', [ctx.linear(x, `${p}.q_proj.weight`, ctx.bias(`${p}.q_proj.bias`)), shapeQ4]); // (B, 1, nH, D)
    let k = g.node('Reshape', [ctx.linear(x, `${p}.k_proj.weight`, ctx.bias(`${p}.k_proj.bias`)), shapeKv4]); // (B, 1, kvH, D)
    const v = ctx.linear(x, `${p}.v_proj.weight`, ctx.bias(`${p}.v_proj.bias`)); // (B, kvH*D)
    if (config.qkNorm) {
      q = ctx.rmsNorm(q, `${p}.q_norm.weight`);
      k = ctx.rmsNorm(k, `${p}.k_norm.weight`);
    }
    // RoPE by ORT's contrib RotaryEmbedding (one node per projection, tables gathered at position_ids inside) rather
    // than the 8 standard ops of applyRope per projection: decode steps x0.85 with 2 threads on a loaded machine, x0.99
    // with 1 (issue-6 bench model, 64 rows; the small ops' thread-pool hand-offs are what it saves)
    q = g.node('Reshape', [g.node('Mul', [rotary(q, nH), scale]), shapeQ4]); // (B, 1, nH, D), scaled by 1/sqrt(D)
    k = g.node('Reshape', [rotary(k, kvH), shapeKv4]); // (B, 1, kvH, D)
    g.output(g.node('Reshape', [k, shapeKv3]), fresh(l, 'key'), 'float32', ['batch', S, kvH * D]);
    g.output(g.node('Reshape', [v, shapeKv3]), fresh(l, 'value'), 'float32', ['batch', S, kvH * D]);
    const qG = g.node('Reshape', [q, shapeQG]); // (B, kvH, groups, 1, D): head kv*groups+j -> [kv, j]
    const kG = g.node('Reshape', [k, shapeKvG]); // (B, kvH, 1, 1, D)
    const vG = g.node('Reshape', [v, shapeKvG]);
    // per bucket (B_k, kvH, 1, C_k, D): each query head is its own one-row matmul against its kv head's cache,
    // broadcast over the group axis (no copy). One-row products take MLAS's M=1 kernels, which stream the cache
    // without packing it; a (groups x D) product per kv head packed the whole cache into panels at every step (2x
    // slower here).
    const pastKs: string[] = [];
    const pastVs: string[] = [];
    for (let k = 0; k < K; k++) {
      const cacheShape = [k === 0 ? 'batch' : `batch_${k}`, kvH, `capacity_${k}`, D];
      pastKs.push(g.node('Unsqueeze', [g.input(bucketPast(l, 'key', k), 'float32', cacheShape), axis2]));
      pastVs.push(g.node('Unsqueeze', [g.input(bucketPast(l, 'value', k), 'float32', cacheShape), axis2]));
    }
    const qBuckets = byBucket(qG);
    const sPasts = qBuckets.map((qk, k) =>
      g.node('Add', [
        g.node('MatMul', [qk, g.node('Transpose', [pastKs[k]], { perm: { ints: [0, 1, 2, 4, 3] } })]),
        biasG[k],
      ]),
    ); // (B_k, kvH, groups, 1, C_k)
    const sPast = sPasts[0];
    const sNew = g.node('ReduceSum', [g.node('Mul', [qG, kG]), lastAxis], { keepdims: { i: 1 } }); // (B, kvH, groups, 1, 1)
    const widths = [g.node('Shape', [sPast], { start: { i: -1 } }), one]; // [C], [1]
    const parts = [sPast, sNew];
    let prefixV = '';
    let widthP = ''; // [P]
    if (cascade) {
      const prefixShape = [kvH, 'prefix_sequence', D];
      const prefixK = g.input(prefix(l, 'key'), 'float32', prefixShape); // (kvH, P, D)
      prefixV = g.input(prefix(l, 'value'), 'float32', prefixShape);
      const qRows = g.node('Reshape', [g.node('Transpose', [qG], swap01), cascade.rowsD]); // (kvH, B*groups, D)
      const sPrefix = g.node(
        'Transpose',
        [
          g.node('Reshape', [
            g.node('MatMul', [qRows, g.node('Transpose', [prefixK], { perm: { ints: [0, 2, 1] } })]),
            cascade.split,
          ]),
        ],
        swap01,
      ); // (kvH, B*groups, P) -> (kvH, B, groups, 1, P) -> (B, kvH, groups, 1, P)
      parts.unshift(sPrefix);
      widthP = g.node('Shape', [prefixK], { start: { i: 1 }, end: { i: 2 } });
      widths.unshift(widthP);
    }
    let groupV = '';
    let widthG = ''; // [Cg]
    /** (G*n, kvH, groups, 1, X) by slot -> (G, kvH, n*groups, X), the n query rows of each group together. */
    const toGroups = (t: string, width: string) => {
      const G = grouping!;
      const perGroup = g.node('Reshape', [t, cat0([G.perGroup, width])]); // (G, n, kvH, groups, X)
      return g.node('Reshape', [g.node('Transpose', [perGroup], G.swap12), cat0([G.flat, width])]);
    };
    /** (G, kvH, n*groups, X) -> (G*n, kvH, groups, 1, X) -> rows (B, kvH, groups, 1, X). */
    const toRows = (t: string, width: string) => {
      const G = grouping!;
      const unflat = g.node('Reshape', [t, cat0([G.unflat, width])]); // (G, kvH, n, groups, X)
      const slots = g.node('Reshape', [g.node('Transpose', [unflat], G.swap12), cat0([G.toSlots, width])]);
      return g.node('Gather', [slots, G.slots], { axis: { i: 0 } });
    };
    if (grouping) {
      const groupShape = ['groups', kvH, 'group_capacity', D];
      const groupK = g.input(group(l, 'key'), 'float32', groupShape); // (G, kvH, Cg, D)
      groupV = g.input(group(l, 'value'), 'float32', groupShape);
      widthG = g.node('Shape', [groupK], { start: { i: 2 }, end: { i: 3 } });
      const widthD = g.constI64([D]);
      const qSlots = g.node('Gather', [qG, grouping.rows], { axis: { i: 0 } }); // (G*n, kvH, groups, 1, D)
      const sGroup = g.node('Add', [
        g.node('MatMul', [
          toGroups(qSlots, widthD),
          g.node('Transpose', [groupK], { perm: { ints: [0, 1, 3, 2] } }),
        ]),
        grouping.bias,
      ]); // (G, kvH, n*groups, Cg)
      parts.splice(parts.length - 2, 0, toRows(sGroup, widthG)); // before the per-row part: (B, kvH, groups, 1, Cg)
      widths.splice(widths.length - 2, 0, widthG);
    }
    // one softmax per bucket over its [prefix +] C_k + 1 scores; the other parts are split by bucket rows
    const partsByBucket = parts.map((t, i) => (i === parts.length - 2 ? sPasts : byBucket(t)));
    const splits = sPasts.map((sk, k) => {
      const w = [...widths];
      if (k > 0) w[w.length - 2] = g.node('Shape', [sk], { start: { i: -1 } }); // [C_k]
      const scores = g.node(
        'Concat',
        partsByBucket.map((p) => p[k]),
        { axis: { i: -1 } },
      );
      const probs = g.node('Softmax', [scores], { axis: { i: -1 } }); // (B_k, kvH, groups, 1, [P +] C_k + 1)
      return g.nodeN('Split', [probs, cat0(w)], parts.length, { axis: { i: -1 } });
    });
    /** Probabilities of part i for all rows, the buckets joined again: (B, kvH, groups, 1, width_i). */
    const joined = (i: number) => joinBuckets(splits.map((sp) => sp[i]));
    const split = parts.map((_, i) => (i === parts.length - 2 ? '' : joined(i)));
    const pNew = split[split.length - 1];
    const oPast = joinBuckets(splits.map((sp, k) => g.node('MatMul', [sp[parts.length - 2], pastVs[k]])));
    let out = g.node('Add', [oPast, g.node('Mul', [pNew, vG])]); // (B, kvH, groups, 1, D)
    if (cascade) {
      const pRows = g.node('Reshape', [
        g.node('Transpose', [split[0]], swap01),
        cat0([cascade.rows, widthP]),
      ]); // (kvH, B*groups, P)
      const oPrefix = g.node(
        'Transpose',
        [g.node('Reshape', [g.node('MatMul', [pRows, prefixV]), cascade.split])],
        swap01,
      ); // (kvH, B*groups, D) -> (B, kvH, groups, 1, D)
      out = g.node('Add', [out, oPrefix]);
    }
    if (grouping) {
      const pSlots = g.node('Gather', [split[1], grouping.rows], { axis: { i: 0 } }); // (G*n, kvH, groups, 1, Cg)
      const oGroup = g.node('MatMul', [toGroups(pSlots, widthG), groupV]); // (G, kvH, n*groups, D)
      out = g.node('Add', [out, toRows(oGroup, g.constI64([D]))]);
    }
    return g.node('Reshape', [out, flatHeads]); // (B, nH*D)
  };
}
