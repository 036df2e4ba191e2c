import { expectedTensorShapes, type ModelConfig } from '@reasonrl/hf-checkpoint';
import { OnnxGraph } from '@reasonrl/onnx-qwen';
import { GraphOps } from './graph-ops.js';

/** Default-domain opset of both graphs (ReduceMean still takes `axes` as an attribute; ScatterND can add). */
export const TRAIN_OPSET = 17;

/** Graph input/output names shared by the runner and the graphs. */
export const TRAIN_IO = {
  inputIds: 'input_ids',
  labels: 'labels',
  /** (1 or B, 1, 1, T, T) additive causal (+ key padding) mask: 0 where allowed, -1e9 elsewhere. */
  attentionBias: 'attention_bias',
  /** (T, headDim / 2) RoPE tables of positions 0..T-1. */
  ropeCos: 'rope_cos',
  ropeSin: 'rope_sin',
  logProbs: 'log_probs',
  entropy: 'entropy',
  dLogProbs: 'd_log_probs',
  dEntropy: 'd_entropy',
  /** Prefix of the activations the forward graph returns for the backward graph. */
  saved: 'saved.',
  /** Prefix of the backward graph's gradient outputs (followed by the HF tensor name). */
  grad: 'grad.',
  /** (B*T, hidden) d loss / d embedding output, row b*T + t: the runner adds row i into the embedding's row ids[i]. */
  embeddingRowsGrad: 'grad_embedding_rows',
} as const;

export interface TrainGraphs {
  /** Forward: weights + batch -> log_probs, entropy (B, T) and the `saved.*` activations. */
  forward: Uint8Array;
  /** Backward: weights + batch + saved + d_log_probs, d_entropy -> `grad.<name>` for every weight. */
  backward: Uint8Array;
  /**
   * Forward and backward as one graph, for a loss whose gradient is known before the forward pass (a loss linear in
   * the log-probs and entropies): weights + batch + d_log_probs, d_entropy -> log_probs, entropy and `grad.<name>`.
   * The activations never leave onnxruntime (the two-graph path copies them out to JS and back in).
   */
  fused: Uint8Array;
  /** The forward pass alone, for scoring: weights + batch -> log_probs, entropy; no activations leave the graph. */
  score: Uint8Array;
  /** The weight inputs (HF names, in `expectedTensorShapes` order); a tied model has no `lm_head.weight`. */
  weightNames: string[];
  /** Names of the activations passed from forward to backward. */
  savedNames: string[];
}

/** The per-layer activations the backward graph reads (everything else it recomputes: norms, SiLU). */
const SAVED_PER_LAYER = ['x', 'qs', 'k', 'v', 'probs', 'merged', 'xm', 'gate', 'up'] as const;
const SAVED_QK_NORM = ['qPre', 'kPre'] as const;
/** Ranks of the saved activations (their sizes are symbolic). */
const SAVED_RANK: Record<string, number> = {
  x: 2,
  qs: 4,
  k: 4,
  v: 4,
  probs: 4,
  merged: 2,
  xm: 2,
  gate: 2,
  up: 2,
  qPre: 4,
  kPre: 4,
  logits: 2,
  lse: 2,
};
const savedDims = (l: number | 'final', what: string) =>
  Array.from({ length: SAVED_RANK[what] }, (_, i) => `${l}_${what}_${i}`);

/** Declares what both graphs share: weights, batch inputs, and the shape pieces derived from input_ids. */
function commonInputs(g: OnnxGraph, ops: GraphOps, config: ModelConfig) {
  const shapes = expectedTensorShapes(config);
  const w = new Map<string, string>();
  for (const [name, shape] of shapes) w.set(name, g.input(name, 'float32', shape));
  const half = config.headDim / 2;
  const ids = g.input(TRAIN_IO.inputIds, 'int64', ['batch', 'seq']);
  const labels = g.input(TRAIN_IO.labels, 'int64', ['batch', 'seq']);
  const bias = g.input(TRAIN_IO.attentionBias, 'float32', ['mask_batch', 1, 1, 'seq', 'seq']);
  const cosT = g.input(TRAIN_IO.ropeCos, 'float32', ['seq', half]);
  const sinT = g.input(TRAIN_IO.ropeSin, 'float32', ['seq', half]);
  const bs = g.node('Shape', [ids]); // [B, T]
  const b = g.node('Slice', [bs, ops.i64([0]), ops.i64([1])]);
  const { numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D } = config;
  const groups = nH / kvH;
  return {
    w,
    weight: (name: string) => {
      const v = w.get(
        name === 'lm_head.weight' && config.tieWordEmbeddings ? 'model.embed_tokens.weight' : name,
      );
      if (!v) throw new Error(`train graph: no weight '${name}'`);
      return v;
    },
    hasWeight: (name: string) => w.has(name),
    ids,
    labels,
    bias,
    // RotaryEmbedding's tables (T, D/2), positions from 0 (position_ids of shape (1): the first position), and
    // the (B, T, heads*D) layout it reads
    rope: {
      cos: cosT,
      sin: sinT,
      negSin: g.node('Neg', [sinT]),
      start: ops.i64([0]),
      flat: ops.i64([0, 0, -1]),
    },
    idsFlat: ops.reshape(ids, ops.i64([-1])), // (N)
    labelsCol: ops.reshape(labels, ops.i64([-1, 1])), // (N, 1)
    // (B, T, heads, D) views of (N, heads*D) projections
    shapeQ4: ops.shape([bs, ops.i64([nH, D])]),
    shapeKv4: ops.shape([bs, ops.i64([kvH, D])]),
    // (B, T, kvH, groups, D): query head kv*groups + j sits under kv head kv, as HF's repeat_kv orders them
    shapeQ5: ops.shape([bs, ops.i64([kvH, groups, D])]),
    // (B, kvH, groups*T, D): a kv head's query rows, group-major
    shapeQGrouped: ops.shape([b, ops.i64([kvH, -1, D])]),
    // (B, kvH, groups, T, T) scores, to add the (.., T, T) mask
    shapeScores5: ops.shape([
      b,
      ops.i64([kvH, groups]),
      g.node('Slice', [bs, ops.i64([1]), ops.i64([2])]),
      ops.i64([-1]),
    ]),
    // (B, kvH, groups*T, T)
    shapeScores4: ops.shape([b, ops.i64([kvH, -1]), g.node('Slice', [bs, ops.i64([1]), ops.i64([2])])]),
    shapeCtx5: ops.shape([b, ops.i64([kvH, groups, -1, D])]),
    shapeBT: bs,
  };
}

const layerPrefix = (l: number) => `model.layers.${l}.`;
const savedName = (l: number | 'final', what: string) => `${TRAIN_IO.saved}${l}.${what}`;

/**
 * Builds the two graphs of one training step of a Qwen2/Qwen3 decoder (fp32, right padding or an explicit mask,
 * positions 0..T-1):
 * - forward computes each label's log-probability log p(labels[b,t] | input_ids[b,:t+1]) and the entropy of each
 *   next-token distribution, and returns the activations the gradient needs;
 * - backward takes d loss / d log_probs and d loss / d entropy (from any loss, computed outside) and returns
 *   d loss / d weight for every weight, by the chain rule written out per layer (the derivations sit beside each
 *   piece in GraphOps and here).
 * Weights are graph inputs (fed at every run: the optimizer updates them between steps without a rebuild).
 */
export function buildTrainGraphs(config: ModelConfig): TrainGraphs {
  const { numAttentionHeads: nH, numKeyValueHeads: kvH, headDim: D, numHiddenLayers: L } = config;
  if (nH % kvH !== 0) throw new Error(`numAttentionHeads ${nH} is not a multiple of numKeyValueHeads ${kvH}`);
  if (D % 2 !== 0) throw new Error(`headDim ${D} must be even for RoPE`);
  const savedNames: string[] = [];
  for (let l = 0; l < L; l++) {
    for (const s of SAVED_PER_LAYER) savedNames.push(savedName(l, s));
    if (config.qkNorm) for (const s of SAVED_QK_NORM) savedNames.push(savedName(l, s));
  }
  savedNames.push(savedName('final', 'x'), savedName('final', 'logits'), savedName('final', 'lse'));
  const weightNames = [...expectedTensorShapes(config).keys()];
  const opsets = [
    { domain: '', version: TRAIN_OPSET },
    { domain: 'com.microsoft', version: 1 },
  ];
  return {
    forward: buildForward(config).encode(opsets),
    backward: buildBackward(config).encode(opsets),
    fused: buildFused(config).encode(opsets),
    score: buildScore(config).encode(opsets),
    weightNames,
    savedNames,
  };
}

type Common = ReturnType<typeof commonInputs>;

function buildForward(config: ModelConfig): OnnxGraph {
  const g = new OnnxGraph('qwen_train_forward');
  const ops = new GraphOps(g);
  // Saved activations are produced under their output names (an output under another name costs an Identity copy).
  emitForward(g, ops, commonInputs(g, ops, config), config, (value) => {
    const [, l, what] = value.split('.');
    g.output(value, value, 'float32', savedDims(l === 'final' ? 'final' : Number(l), what));
    return value;
  });
  return g;
}

function buildBackward(config: ModelConfig): OnnxGraph {
  const g = new OnnxGraph('qwen_train_backward');
  const ops = new GraphOps(g);
  emitBackward(g, ops, commonInputs(g, ops, config), config, (l, what) =>
    g.input(savedName(l, what), 'float32', savedDims(l, what)),
  );
  return g;
}

function buildFused(config: ModelConfig): OnnxGraph {
  const g = new OnnxGraph('qwen_train_step');
  const ops = new GraphOps(g);
  const c = commonInputs(g, ops, config);
  // The saved activations stay intermediate values of the one graph, under the same names the backward part reads.
  emitForward(g, ops, c, config, (value) => value);
  emitBackward(g, ops, c, config, (l, what) => savedName(l, what));
  return g;
}

function buildScore(config: ModelConfig): OnnxGraph {
  const g = new OnnxGraph('qwen_score');
  const ops = new GraphOps(g);
  emitForward(g, ops, commonInputs(g, ops, config), config, (value) => value);
  return g;
}

/**
 * The forward pass: log_probs and entropy outputs; every activation the backward part reads is produced under its
 * `saved.<layer>.<what>` name and handed to `save` (which makes it a graph output in the two-graph build).
 */
function emitForward(
  g: OnnxGraph,
  ops: GraphOps,
  c: Common,
  config: ModelConfig,
  save: (value: string) => string,
): void {
  const { numHiddenLayers: L, rmsNormEps: eps, headDim: D } = config;
  const scale = ops.f32(1 / Math.sqrt(D));
  const name = (l: number | 'final', what: string) => savedName(l, what);
  const bias = (n: string) => (c.hasWeight(n) ? c.weight(n) : undefined);

  let x = save(ops.one('Gather', [c.weight('model.embed_tokens.weight'), c.idsFlat], name(0, 'x'))); // (N, H)
  for (let l = 0; l < L; l++) {
    g.scope = `layer${l}`;
    const p = layerPrefix(l);
    const a = `${p}self_attn.`;
    const h = ops.rmsApply(x, ops.rmsInv(x, eps), c.weight(`${p}input_layernorm.weight`)); // (N, H)
    const qkNorm = config.qkNorm;
    let q = ops.reshape(
      ops.linear(h, c.weight(`${a}q_proj.weight`), bias(`${a}q_proj.bias`)),
      c.shapeQ4,
      qkNorm ? name(l, 'qPre') : undefined,
    ); // (B, T, nH, D)
    let k = ops.reshape(
      ops.linear(h, c.weight(`${a}k_proj.weight`), bias(`${a}k_proj.bias`)),
      c.shapeKv4,
      qkNorm ? name(l, 'kPre') : undefined,
    ); // (B, T, kvH, D)
    const v = ops.reshape(ops.linear(h, c.weight(`${a}v_proj.weight`), bias(`${a}v_proj.bias`)), c.shapeKv4);
    if (qkNorm) {
      save(q);
      save(k);
      q = ops.rmsApply(q, ops.rmsInv(q, eps), c.weight(`${a}q_norm.weight`));
      k = ops.rmsApply(k, ops.rmsInv(k, eps), c.weight(`${a}k_norm.weight`));
    }
    // q scaled by 1/sqrt(D) before the product (the same scores as scaling them after)
    const qs = save(
      ops.reshape(
        ops.transpose(
          ops.reshape(
            ops.mul(ops.ropeContrib(q, config.numAttentionHeads, c.rope, c.shapeQ4), scale),
            c.shapeQ5,
          ),
          [0, 2, 3, 1, 4],
        ),
        c.shapeQGrouped,
        name(l, 'qs'),
      ),
    ); // (B, kvH, groups*T, D)
    const kt = save(
      ops.transpose(
        ops.ropeContrib(k, config.numKeyValueHeads, c.rope, c.shapeKv4),
        [0, 2, 1, 3],
        name(l, 'k'),
      ),
    ); // (B, kvH, T, D)
    const vt = save(ops.transpose(v, [0, 2, 1, 3], name(l, 'v'))); // (B, kvH, T, D)
    const scores = ops.reshape(ops.matmul(qs, kt, false, true), c.shapeScores5); // (B, kvH, groups, T, T)
    const probs = save(
      ops.reshape(
        g.node('Softmax', [ops.add(scores, c.bias)], { axis: { i: -1 } }),
        c.shapeScores4,
        name(l, 'probs'),
      ),
    );
    const ctx = ops.reshape(ops.matmul(probs, vt), c.shapeCtx5); // (B, kvH, groups, T, D)
    const merged = save(
      ops.reshape(
        ops.transpose(ctx, [0, 3, 1, 2, 4]),
        ops.i64([-1, config.numAttentionHeads * D]),
        name(l, 'merged'),
      ),
    ); // (N, nH*D)
    const xm = save(
      ops.add(x, ops.linear(merged, c.weight(`${a}o_proj.weight`), bias(`${a}o_proj.bias`)), name(l, 'xm')),
    );
    const h2 = ops.rmsApply(xm, ops.rmsInv(xm, eps), c.weight(`${p}post_attention_layernorm.weight`));
    const gate = save(ops.linear(h2, c.weight(`${p}mlp.gate_proj.weight`), undefined, name(l, 'gate'))); // (N, F)
    const up = save(ops.linear(h2, c.weight(`${p}mlp.up_proj.weight`), undefined, name(l, 'up')));
    const act = ops.mul(ops.mul(gate, g.node('Sigmoid', [gate])), up); // silu(gate) * up
    x = save(
      ops.add(
        xm,
        ops.linear(act, c.weight(`${p}mlp.down_proj.weight`)),
        l + 1 < L ? name(l + 1, 'x') : name('final', 'x'),
      ),
    );
  }
  g.scope = 'head';
  const hf = ops.rmsApply(x, ops.rmsInv(x, eps), c.weight('model.norm.weight'));
  const logits = save(ops.linear(hf, c.weight('lm_head.weight'), undefined, name('final', 'logits'))); // (N, V)
  const lse = save(
    ops.one('ReduceLogSumExp', [logits], name('final', 'lse'), { axes: { ints: [-1] }, keepdims: { i: 1 } }),
  ); // (N, 1)
  const picked = g.node('GatherElements', [logits, c.labelsCol], { axis: { i: 1 } }); // (N, 1)
  g.output(ops.reshape(ops.sub(picked, lse), c.shapeBT), TRAIN_IO.logProbs, 'float32', ['batch', 'seq']);
  // entropy = lse - sum_v p_v z_v with p = exp(z - lse)
  const probsV = g.node('Exp', [ops.sub(logits, lse)]);
  const expectedZ = ops.sum(ops.mul(probsV, logits), [-1], true);
  g.output(ops.reshape(ops.sub(lse, expectedZ), c.shapeBT), TRAIN_IO.entropy, 'float32', ['batch', 'seq']);
}

/**
 * The backward pass from d_log_probs / d_entropy inputs to the `grad.*` outputs; `saved(layer, what)` gives the
 * forward activation it reads (a graph input in the two-graph build, the forward's own value in the fused one).
 */
function emitBackward(
  g: OnnxGraph,
  ops: GraphOps,
  c: Common,
  config: ModelConfig,
  saved: (l: number | 'final', what: string) => string,
): void {
  const { numHiddenLayers: L, rmsNormEps: eps, headDim: D, hiddenSize: H } = config;
  const grads = new Map<string, string>();
  const addGrad = (name: string, value: string) => {
    const prev = grads.get(name);
    grads.set(name, prev ? ops.add(prev, value) : value);
  };
  const hasBias = (name: string) => c.hasWeight(name);
  const dLogp = ops.reshape(g.input(TRAIN_IO.dLogProbs, 'float32', ['batch', 'seq']), ops.i64([-1, 1])); // (N, 1)
  const dEnt = ops.reshape(g.input(TRAIN_IO.dEntropy, 'float32', ['batch', 'seq']), ops.i64([-1, 1]));

  // Head. log_probs = z[label] - lse: d/dz = onehot(label) - p. entropy = lse - sum p z: d/dz_j = -p_j (z_j - E_p[z]).
  g.scope = 'head';
  const logits = saved('final', 'logits');
  const lse = saved('final', 'lse');
  const p = g.node('Exp', [ops.sub(logits, lse)]); // (N, V)
  const expectedZ = ops.sum(ops.mul(p, logits), [-1], true);
  // -dlogp * p - dent * p * (z - E[z]), then + dlogp at each row's label (ScatterElements adds in place of a
  // (N, V) one-hot and a subtraction)
  const dLogitsDense = ops.sub(
    ops.mul(g.node('Neg', [dLogp]), p),
    ops.mul(ops.mul(dEnt, p), ops.sub(logits, expectedZ)),
  ); // (N, V)
  const dLogits = g.node('ScatterElements', [dLogitsDense, c.labelsCol, dLogp], {
    axis: { i: 1 },
    reduction: { s: 'add' },
  });
  const xf = saved('final', 'x');
  const invF = ops.rmsInv(xf, eps);
  const hf = ops.rmsApply(xf, invF, c.weight('model.norm.weight'));
  addGrad('lm_head.weight', ops.linearWeightGrad(dLogits, hf));
  const norm = ops.rmsGrad(
    xf,
    invF,
    c.weight('model.norm.weight'),
    ops.linearInputGrad(dLogits, c.weight('lm_head.weight')),
    [0],
  );
  addGrad('model.norm.weight', norm.dw);
  let dx = norm.dx; // (N, H): d loss / d residual stream after the last layer

  for (let l = L - 1; l >= 0; l--) {
    g.scope = `layer${l}`;
    const pfx = layerPrefix(l);
    const a = `${pfx}self_attn.`;
    // MLP: x_out = xm + down(silu(gate) * up), gate/up = linear(rms(xm)).
    const xm = saved(l, 'xm');
    const inv2 = ops.rmsInv(xm, eps);
    const h2 = ops.rmsApply(xm, inv2, c.weight(`${pfx}post_attention_layernorm.weight`));
    const gate = saved(l, 'gate');
    const up = saved(l, 'up');
    const sig = g.node('Sigmoid', [gate]);
    const silu = ops.mul(gate, sig);
    addGrad(`${pfx}mlp.down_proj.weight`, ops.linearWeightGrad(dx, ops.mul(silu, up)));
    const dAct = ops.linearInputGrad(dx, c.weight(`${pfx}mlp.down_proj.weight`)); // (N, F)
    const dUp = ops.mul(dAct, silu);
    // d silu(g) / dg = s (1 + g (1 - s)), s = sigmoid(g)
    const dGate = ops.mul(
      ops.mul(dAct, up),
      ops.mul(sig, ops.add(ops.f32(1), ops.mul(gate, ops.sub(ops.f32(1), sig)))),
    );
    addGrad(`${pfx}mlp.gate_proj.weight`, ops.linearWeightGrad(dGate, h2));
    addGrad(`${pfx}mlp.up_proj.weight`, ops.linearWeightGrad(dUp, h2));
    const dH2 = ops.add(
      ops.linearInputGrad(dGate, c.weight(`${pfx}mlp.gate_proj.weight`)),
      ops.linearInputGrad(dUp, c.weight(`${pfx}mlp.up_proj.weight`)),
    );
    const post = ops.rmsGrad(xm, inv2, c.weight(`${pfx}post_attention_layernorm.weight`), dH2, [0]);
    addGrad(`${pfx}post_attention_layernorm.weight`, post.dw);
    const dXm = ops.add(dx, post.dx);

    // Attention: xm = x + o_proj(merged), merged = heads of softmax(qs k^T + mask) v.
    addGrad(`${a}o_proj.weight`, ops.linearWeightGrad(dXm, saved(l, 'merged')));
    if (hasBias(`${a}o_proj.bias`)) addGrad(`${a}o_proj.bias`, ops.sum(dXm, [0], false));
    const dMerged = ops.linearInputGrad(dXm, c.weight(`${a}o_proj.weight`)); // (N, nH*D)
    const dCtx = ops.reshape(
      ops.transpose(ops.reshape(dMerged, c.shapeQ5), [0, 2, 3, 1, 4]),
      c.shapeQGrouped,
    ); // (B, kvH, groups*T, D)
    const probs = saved(l, 'probs'); // (B, kvH, groups*T, T)
    const kt = saved(l, 'k');
    const vt = saved(l, 'v');
    const qs = saved(l, 'qs');
    const dProbs = ops.matmul(dCtx, vt, false, true); // (B, kvH, groups*T, T)
    const dVt = ops.matmul(probs, dCtx, true, false); // (B, kvH, T, D): sums the groups' rows
    // softmax: dS = P * (dP - sum(dP * P)) per row; the additive mask has no gradient
    const dScores = ops.mul(probs, ops.sub(dProbs, ops.sum(ops.mul(dProbs, probs), [-1], true)));
    const dQs = ops.matmul(dScores, kt); // (B, kvH, groups*T, D)
    const dKt = ops.matmul(dScores, qs, true, false); // (B, kvH, T, D)
    const scale = ops.f32(1 / Math.sqrt(D));
    const dQr = ops.reshape(
      ops.transpose(ops.reshape(ops.mul(dQs, scale), c.shapeCtx5), [0, 3, 1, 2, 4]),
      c.shapeQ4,
    ); // (B, T, nH, D)
    let dQ = ops.ropeContrib(dQr, config.numAttentionHeads, c.rope, c.shapeQ4, true);
    let dK = ops.ropeContrib(
      ops.transpose(dKt, [0, 2, 1, 3]),
      config.numKeyValueHeads,
      c.rope,
      c.shapeKv4,
      true,
    ); // (B, T, kvH, D)
    if (config.qkNorm) {
      const qPre = saved(l, 'qPre');
      const kPre = saved(l, 'kPre');
      const qn = ops.rmsGrad(qPre, ops.rmsInv(qPre, eps), c.weight(`${a}q_norm.weight`), dQ, [0, 1, 2]);
      const kn = ops.rmsGrad(kPre, ops.rmsInv(kPre, eps), c.weight(`${a}k_norm.weight`), dK, [0, 1, 2]);
      addGrad(`${a}q_norm.weight`, qn.dw);
      addGrad(`${a}k_norm.weight`, kn.dw);
      dQ = qn.dx;
      dK = kn.dx;
    }
    const dQ2 = ops.reshape(dQ, ops.i64([-1, config.numAttentionHeads * D])); // (N, nH*D)
    const dK2 = ops.reshape(dK, ops.i64([-1, config.numKeyValueHeads * D])); // (N, kvH*D)
    const dV2 = ops.reshape(ops.transpose(dVt, [0, 2, 1, 3]), ops.i64([-1, config.numKeyValueHeads * D]));
    const x = saved(l, 'x');
    const inv1 = ops.rmsInv(x, eps);
    const h = ops.rmsApply(x, inv1, c.weight(`${pfx}input_layernorm.weight`));
    const proj = [
      ['q_proj', dQ2],
      ['k_proj', dK2],
      ['v_proj', dV2],
    ] as const;
    let dH: string | undefined;
    for (const [name, d] of proj) {
      addGrad(`${a}${name}.weight`, ops.linearWeightGrad(d, h));
      if (hasBias(`${a}${name}.bias`)) addGrad(`${a}${name}.bias`, ops.sum(d, [0], false));
      const part = ops.linearInputGrad(d, c.weight(`${a}${name}.weight`));
      dH = dH ? ops.add(dH, part) : part;
    }
    const pre = ops.rmsGrad(x, inv1, c.weight(`${pfx}input_layernorm.weight`), dH!, [0]);
    addGrad(`${pfx}input_layernorm.weight`, pre.dw);
    dx = ops.add(dXm, pre.dx);
  }
  // Embedding: the rows of dx are added into the rows of their token ids by the runner, in row order. Not ScatterND
  // with reduction add here: onnxruntime runs it on several threads and the sums of repeated ids then come out in a
  // different order from run to run (measured: ~40% of the embedding gradient's entries differed between two
  // identical runs), which made training runs irreproducible.
  g.output(dx, TRAIN_IO.embeddingRowsGrad, 'float32', ['rows', H]);
  if (config.tieWordEmbeddings) {
    // the head's gradient, to which the runner adds the rows (one tensor serves both)
    grads.set('model.embed_tokens.weight', grads.get('lm_head.weight')!);
    grads.delete('lm_head.weight');
  }
  for (const [name, shape] of expectedTensorShapes(config)) {
    const v = grads.get(name);
    if (!v && name === 'model.embed_tokens.weight') continue; // untied: the rows alone, added by the runner
    if (!v) throw new Error(`train graph: no gradient for '${name}'`);
    g.output(v, `${TRAIN_IO.grad}${name}`, 'float32', shape);
  }
}
