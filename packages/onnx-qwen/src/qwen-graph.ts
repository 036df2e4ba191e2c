import {
  checkTensors,
  expectedTensorShapes,
  type ModelConfig,
  type NamedTensor,
} from '@reasonrl/hf-checkpoint';
import { OnnxGraph } from './onnx-graph.js';
import {
  type AttentionContext,
  attentionGqa,
  attentionStandard,
  attentionStaticCache,
  bucketBias,
  bucketPast,
  gqaSupported,
} from './qwen-attention.js';
import { ropeTables } from './rope-tables.js';

/**
 * Which graph to build.
 * - `prefill`: a whole prompt (S tokens) with no past; returns the KV cache of those S tokens.
 * - `decode`: one new token per row (S = 1) on top of `past_key_values`.
 */
export type QwenGraphKind = 'prefill' | 'decode';

/**
 * How attention is computed.
 * - `standard`: standard ONNX ops only; the KV cache grows by Concat (present = past + new, a copy per step), rows
 *   are left-padded and masked through `attention_bias`.
 * - `gqa`: ORT's contrib `GroupQueryAttention` (com.microsoft) with RoPE inside; the decode cache has a fixed
 *   capacity, rows are right-padded with their lengths in `seqlens_k`, and when `present` is bound to the same
 *   buffer as `past` ORT writes the new token in place (no copy of the cache). Needs headDim % 16 == 0.
 *   Its decode graph reads `past` (capacity C) and returns only the new token's KV (`new_key_values.*`).
 * - `static` (decode only): standard ops (and ORT's contrib `RotaryEmbedding`) reading a fixed-capacity cache without
 *   copying it (see `attentionStaticCache`); pair it with a `standard` or `gqa` prefill graph. With `sharedPrefix` a prefix common
 *   to all rows is a separate input read once per step ("cascade" attention).
 */
export type QwenAttentionKind = 'standard' | 'gqa' | 'static';

export interface QwenGraphOptions {
  kind: QwenGraphKind;
  /**
   * Where the weights live.
   * - `inputs`: graph inputs named by their Hugging Face names, fed at every run: new weights need no rebuild
   *   (`syncWeights` swaps arrays) and the model bytes stay small (no 2 GB protobuf limit).
   * - `initializers`: stored in the model; ORT pre-packs them (faster matmuls), but new weights need new sessions.
   */
  weights: 'inputs' | 'initializers';
  /** Default `standard`. */
  attention?: QwenAttentionKind;
  /** `last`: logits of the last position only, (B, V); `all`: every position, (B, S, V) (for scoring). */
  logits?: 'last' | 'all';
  /** Rows in the RoPE table (largest position + 1); defaults to `config.maxPositionEmbeddings`. */
  maxPositions?: number;
  /**
   * `gqa` prefill only: continue a past (B = 1), e.g. a prompt prefix shared by every prompt of a batch, computed once.
   * Adds `past_key_values.*` (1, kvHeads, P, D) inputs; `seqlens_k` = P + S - 1, `total_sequence_length` = P + S;
   * `present.*` holds the P + S tokens.
   */
  withPast?: boolean;
  /**
   * `static` decode only: every row continues one shared prefix of P tokens (e.g. the prompt template), whose KV is
   * given once as `prefix_key_values.{l}.key|value` (kvHeads, P, D) and read once per step for all rows ("cascade"
   * attention); `past_key_values.*` then hold only each row's tokens after the prefix (slot i = position P + i).
   */
  sharedPrefix?: boolean;
  /**
   * With `sharedPrefix`, a second level for n samples per prompt: each prompt's tokens after the shared prefix are
   * given once per prompt as `group_key_values.{l}.key|value` (G, kvHeads, Cg, D) with `group_bias` (G, 1, 1, Cg),
   * `group_rows` int64 (G*n) and `row_slots` int64 (B) (see `attentionStaticCache`); `past_key_values.*` then hold
   * only each row's generated tokens.
   */
  promptGroups?: boolean;
  /**
   * `static` decode only (without `promptGroups`): the per-row cache comes in this many buckets (default 1), so that
   * rows of very different lengths need not share one capacity. Bucket k holds the next `B_k` rows of the batch
   * (bucket 0 first): `past_key_values.{l}.key|value` (B_0, kvHeads, C_0, D) and `attention_bias` (B_0, 1, 1, 1, C_0)
   * as without buckets, then `past_key_values.{l}.key|value.{k}` (B_k, kvHeads, C_k, D) and `attention_bias.{k}`
   * (B_k, 1, 1, 1, C_k) (see `QWEN_IO.bucketKey`). B_k may be 0. Each bucket has its own softmax; the rows' outputs
   * are in batch order (bucket 0's rows first).
   */
  rowBuckets?: number;
}

/** Input/output names of the built graphs (Hugging Face optimum's naming, ORT GQA's for the GQA inputs). */
export const QWEN_IO = {
  inputIds: 'input_ids',
  positionIds: 'position_ids',
  attentionBias: 'attention_bias',
  seqlensK: 'seqlens_k',
  totalSequenceLength: 'total_sequence_length',
  logits: 'logits',
  pastKey: (layer: number) => `past_key_values.${layer}.key`,
  pastValue: (layer: number) => `past_key_values.${layer}.value`,
  presentKey: (layer: number) => `present.${layer}.key`,
  presentValue: (layer: number) => `present.${layer}.value`,
  /** GQA decode: the new token's rotated key / value, (B, 1, kvHeads*headDim). */
  newKey: (layer: number) => `new_key_values.${layer}.key`,
  newValue: (layer: number) => `new_key_values.${layer}.value`,
  /** `static` decode with `sharedPrefix`: the KV of the prefix all rows share, (kvHeads, P, headDim). */
  prefixKey: (layer: number) => `prefix_key_values.${layer}.key`,
  prefixValue: (layer: number) => `prefix_key_values.${layer}.value`,
  /** `static` decode with `promptGroups`: each prompt's KV after the shared prefix, (G, kvHeads, Cg, headDim). */
  groupKey: (layer: number) => `group_key_values.${layer}.key`,
  groupValue: (layer: number) => `group_key_values.${layer}.value`,
  /** `static` decode with `rowBuckets`: bucket k's cache and bias (bucket 0: the plain names above). */
  bucketKey: (layer: number, bucket: number) => bucketPast(layer, 'key', bucket),
  bucketValue: (layer: number, bucket: number) => bucketPast(layer, 'value', bucket),
  bucketBias,
  groupBias: 'group_bias',
  groupRows: 'group_rows',
  rowSlots: 'row_slots',
} as const;

/** A built graph: its bytes and the weight names it expects as inputs (empty for `initializers`). */
export interface QwenGraph {
  bytes: Uint8Array;
  weightInputs: string[];
  attention: QwenAttentionKind;
}

/** ONNX opset of the default domain (ReduceMean takes `axes` as an attribute up to 17). */
export const QWEN_OPSET = 17;

/**
 * Build the ONNX graph of a Qwen2/Qwen3 decoder from its config and float32 weights.
 *
 * Inputs, `standard` attention:
 * - `input_ids` int64 (B, S); `position_ids` int64 (B, S) (0-based positions of the tokens);
 * - `attention_bias` float32 (B, 1, 1, S, T), T = P + S: 0 where query s may attend key t, `MASKED` elsewhere
 *   (causality and padding are the caller's, so left-padded batches work);
 * - decode: `past_key_values.{l}.key|value` float32 (B, kvHeads, P, headDim).
 * Inputs, `gqa` attention: `input_ids` int64 (B, S); `seqlens_k` int32 (B,) = tokens of the row including the new
 * ones, minus 1; `total_sequence_length` int32 scalar (> S in decode); decode: `position_ids` int64 (B, 1) and
 * `past_key_values.*` (B, kvHeads, C, headDim), row b's tokens in its first seqlens_k[b] slots (C = capacity).
 * Inputs, `static` decode: `input_ids`, `position_ids` (B, 1); `attention_bias` float32 (B, 1, 1, 1, C), 0 on each row's
 * first `length` slots; `past_key_values.*` (B, kvHeads, C, headDim). With `sharedPrefix`, also
 * `prefix_key_values.*` (kvHeads, P, headDim), and the cache and bias cover only the tokens after the prefix
 * (row b's first `length - P` slots), `position_ids` staying absolute.
 * Outputs: `logits` float32 (B, V) (or (B, S, V) with `logits: 'all'`); `present.{l}.key|value` (standard; gqa
 * prefill), or for gqa decode only the new token's `new_key_values.{l}.key|value` (B, 1, kvHeads*headDim).
 */
export function buildQwenGraph(
  config: ModelConfig,
  weights: ReadonlyMap<string, NamedTensor>,
  options: QwenGraphOptions,
): QwenGraph {
  const checked = checkTensors(weights, config, `buildQwenGraph(${options.kind})`);
  const attention = options.attention ?? 'standard';
  if (options.withPast && (attention !== 'gqa' || options.kind !== 'prefill')) {
    throw new Error("buildQwenGraph: 'withPast' is for the gqa prefill graph only");
  }
  if (options.sharedPrefix && (attention !== 'static' || options.kind !== 'decode')) {
    throw new Error("buildQwenGraph: 'sharedPrefix' is for the static decode graph only");
  }
  const rowBuckets = options.rowBuckets ?? 1;
  if (rowBuckets !== 1 && (attention !== 'static' || options.kind !== 'decode' || options.promptGroups)) {
    throw new Error(
      "buildQwenGraph: 'rowBuckets' is for the static decode graph without 'promptGroups' only",
    );
  }
  if (options.promptGroups && !options.sharedPrefix) {
    throw new Error("buildQwenGraph: 'promptGroups' needs 'sharedPrefix' (static decode)");
  }
  if (attention === 'gqa' && !gqaSupported(config)) {
    throw new Error(
      `buildQwenGraph: 'gqa' attention needs headDim % 16 == 0, got headDim ${config.headDim}; use 'standard'`,
    );
  }
  const { hiddenSize: H, numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D, vocabSize: V } = config;
  if (nH % kvH !== 0)
    throw new Error(`buildQwenGraph: numAttentionHeads ${nH} is not a multiple of numKeyValueHeads ${kvH}`);
  const variant = options.withPast
    ? '-with-past'
    : options.sharedPrefix
      ? `-shared-prefix${options.promptGroups ? '-groups' : ''}`
      : '';
  const bucketsName = rowBuckets > 1 ? `-buckets${rowBuckets}` : '';
  const g = new OnnxGraph(`qwen-${options.kind}${variant}${bucketsName}-${attention}`);
  const S: number | string = options.kind === 'decode' ? 1 : 'sequence';

  const weightInputs: string[] = [];
  for (const [name, shape] of expectedTensorShapes(config)) {
    if (options.weights === 'inputs') {
      g.input(name, 'float32', shape);
      weightInputs.push(name);
    } else {
      g.initializer(name, shape, checked.get(name)!.data);
    }
  }
  const inputIds = g.input(QWEN_IO.inputIds, 'int64', ['batch', S]);
  const bs = g.node('Shape', [inputIds]); // [B, S]
  const eps = g.constF32([config.rmsNormEps], []);
  const two = g.constF32([2], []);
  const maxPos = options.maxPositions ?? config.maxPositionEmbeddings;
  const tables = ropeTables(D, config.ropeTheta, maxPos);
  const ctx: AttentionContext = {
    g,
    config,
    kind: options.kind,
    withPast: options.withPast ?? false,
    sharedPrefix: options.sharedPrefix ?? false,
    promptGroups: options.promptGroups ?? false,
    rowBuckets,
    S,
    bs,
    batch: g.node('Slice', [bs, g.constI64([0]), g.constI64([1])]),
    cos: g.initializer('rope.cos', [maxPos, D / 2], tables.cos),
    sin: g.initializer('rope.sin', [maxPos, D / 2], tables.sin),
    /** RMSNorm over the last axis: x / sqrt(mean(x^2) + eps) * weight (HF's Qwen2RMSNorm in float32). */
    rmsNorm: (x, weight) => {
      const variance = g.node('ReduceMean', [g.node('Pow', [x, two])], {
        axes: { ints: [-1] },
        keepdims: { i: 1 },
      });
      return g.node('Mul', [g.node('Div', [x, g.node('Sqrt', [g.node('Add', [variance, eps])])]), weight]);
    },
    /** y = x W^T (+ b); x (N, in), W (out, in). */
    linear: (x, weight, bias) => g.node('Gemm', bias ? [x, weight, bias] : [x, weight], { transB: { i: 1 } }),
    bias: (name) => (checked.has(name) ? name : undefined),
  };
  const attend =
    attention === 'gqa'
      ? attentionGqa(ctx)
      : attention === 'static'
        ? attentionStaticCache(ctx)
        : attentionStandard(ctx);

  // hidden: (B*S, H)
  let hidden = g.node('Reshape', [
    g.node('Gather', ['model.embed_tokens.weight', inputIds]),
    g.constI64([-1, H]),
  ]);
  for (let l = 0; l < config.numHiddenLayers; l++) {
    const p = `model.layers.${l}`;
    g.scope = `layer${l}`;
    const x = ctx.rmsNorm(hidden, `${p}.input_layernorm.weight`);
    const merged = attend(x, l); // (B*S, nH*D)
    hidden = g.node('Add', [
      hidden,
      ctx.linear(merged, `${p}.self_attn.o_proj.weight`, ctx.bias(`${p}.self_attn.o_proj.bias`)),
    ]);
    const y = ctx.rmsNorm(hidden, `${p}.post_attention_layernorm.weight`);
    const gate = ctx.linear(y, `${p}.mlp.gate_proj.weight`);
    const act = g.node('Mul', [
      g.node('Mul', [gate, g.node('Sigmoid', [gate])]),
      ctx.linear(y, `${p}.mlp.up_proj.weight`),
    ]);
    hidden = g.node('Add', [hidden, ctx.linear(act, `${p}.mlp.down_proj.weight`)]);
  }
  g.scope = 'head';
  const normed = ctx.rmsNorm(hidden, 'model.norm.weight');
  const head = config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
  if ((options.logits ?? 'last') === 'last') {
    // (B*S, H) -> (B, S, H) -> last position (B, H) -> (B, V)
    const last = g.node(
      'Gather',
      [
        g.node('Reshape', [normed, g.node('Concat', [bs, g.constI64([H])], { axis: { i: 0 } })]),
        g.constI64([-1], []),
      ],
      { axis: { i: 1 } },
    );
    g.output(ctx.linear(last, head), QWEN_IO.logits, 'float32', ['batch', V]);
  } else {
    const all = g.node('Reshape', [
      ctx.linear(normed, head),
      g.node('Concat', [bs, g.constI64([V])], { axis: { i: 0 } }),
    ]);
    g.output(all, QWEN_IO.logits, 'float32', ['batch', S, V]);
  }
  const opsets = [{ domain: '', version: QWEN_OPSET }];
  if (attention !== 'standard') opsets.push({ domain: 'com.microsoft', version: 1 });
  return { bytes: g.encode(opsets), weightInputs, attention };
}
