import { expectedTensorShapes, type ModelConfig } from '@reasonrl/hf-checkpoint';
import { attentionBias, ropeTables } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { buildTrainGraphs, TRAIN_IO, type TrainGraphs } from './train-graphs.js';

/** One microbatch in the CS336 layout: inputIds and labels (B, T); attentionMask (B, T) only for left padding. */
export interface TrainBatch {
  inputIds: readonly (readonly number[])[];
  labels: readonly (readonly number[])[];
  attentionMask?: readonly (readonly number[])[];
}

/** What the forward pass returns: per-token values row-major (B*T), and what the backward pass needs. */
export interface ForwardPass {
  batch: number;
  length: number;
  /** (B*T) log p(labels[b][t] | inputIds[b][:t+1]). */
  logProbs: Float32Array;
  /** (B*T) entropy of each next-token distribution. */
  entropy: Float32Array;
  /** Feeds and activations for `backward` (released by it). */
  readonly state: { feeds: Record<string, ort.Tensor>; saved: Record<string, ort.Tensor> };
}

/** What a fused step returns: per-token values (B*T) and d loss / d weight by HF name. */
export interface FusedStep {
  batch: number;
  length: number;
  /** (B*T) log p(labels[b][t] | inputIds[b][:t+1]). */
  logProbs: Float32Array;
  /** (B*T) entropy of each next-token distribution. */
  entropy: Float32Array;
  grads: Map<string, Float32Array>;
}

export interface OrtTrainEngineOptions {
  /** Threads inside one operator; 0 = onnxruntime's default (one per physical core). */
  intraOpNumThreads?: number;
}

/**
 * Runs a Qwen2/Qwen3 training step's forward and backward passes on onnxruntime-node (MLAS: native, vectorised and
 * threaded matrix products), from weights the caller owns (e.g. an optimizer's tensors) given at every forward call.
 * The loss sits outside: forward returns log-probs and entropies, the caller computes d loss / d log-probs (and
 * d loss / d entropy) with any loss function, backward returns d loss / d weight by HF name.
 */
export class OrtTrainEngine {
  private ropeCache = new Map<number, { cos: ort.Tensor; sin: ort.Tensor }>();
  private causalCache = new Map<number, ort.Tensor>();
  private readonly shapes: Map<string, number[]>;
  private fusedSession?: Promise<ort.InferenceSession>;
  private scoreSession?: Promise<ort.InferenceSession>;

  private constructor(
    readonly config: ModelConfig,
    readonly graphs: TrainGraphs,
    private readonly sessionOptions: ort.InferenceSession.SessionOptions,
    private readonly forwardSession: ort.InferenceSession,
    private readonly backwardSession: ort.InferenceSession,
  ) {
    this.shapes = expectedTensorShapes(config);
  }

  static async create(config: ModelConfig, options: OrtTrainEngineOptions = {}): Promise<OrtTrainEngine> {
    const graphs = buildTrainGraphs(config);
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: options.intraOpNumThreads ?? 0,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    };
    const [fwd, bwd] = await Promise.all([
      ort.InferenceSession.create(graphs.forward, sessionOptions),
      ort.InferenceSession.create(graphs.backward, sessionOptions),
    ]);
    return new OrtTrainEngine(config, graphs, sessionOptions, fwd, bwd);
  }

  /** Checks the batch and builds the non-weight feeds. */
  private batchFeeds(batch: TrainBatch): { feeds: Record<string, ort.Tensor>; b: number; t: number } {
    const { inputIds, labels, attentionMask } = batch;
    const b = inputIds.length;
    const t = inputIds[0]?.length ?? 0;
    if (b === 0 || t === 0 || inputIds.some((r) => r.length !== t)) {
      throw new Error(
        `inputIds must be a non-empty rectangular (B, T) array, got rows of lengths ${inputIds.map((r) => r.length).join(', ')}`,
      );
    }
    if (labels.length !== b || labels.some((r) => r.length !== t)) {
      throw new Error(`labels must have the shape of inputIds [${b}, ${t}]`);
    }
    const vocab = this.config.vocabSize;
    const ids = new BigInt64Array(b * t);
    const labs = new BigInt64Array(b * t);
    for (let r = 0; r < b; r++) {
      for (let i = 0; i < t; i++) {
        const id = inputIds[r][i];
        const lab = labels[r][i];
        if (!Number.isInteger(id) || id < 0 || id >= vocab)
          throw new Error(`token id ${id} (row ${r}, position ${i}) is outside the vocabulary [0, ${vocab})`);
        if (!Number.isInteger(lab) || lab < 0 || lab >= vocab)
          throw new Error(`label ${lab} (row ${r}, position ${i}) is outside the vocabulary [0, ${vocab})`);
        ids[r * t + i] = BigInt(id);
        labs[r * t + i] = BigInt(lab);
      }
    }
    let bias: ort.Tensor;
    if (attentionMask) {
      if (attentionMask.length !== b || attentionMask.some((r) => r.length !== t))
        throw new Error(`attentionMask must have the shape of inputIds [${b}, ${t}]`);
      bias = new ort.Tensor('float32', attentionBias(attentionMask, t), [b, 1, 1, t, t]);
    } else {
      let causal = this.causalCache.get(t);
      if (!causal) {
        causal = new ort.Tensor('float32', attentionBias([new Array(t).fill(1)], t), [1, 1, 1, t, t]);
        this.causalCache.set(t, causal);
      }
      bias = causal;
    }
    let rope = this.ropeCache.get(t);
    if (!rope) {
      const half = this.config.headDim / 2;
      const tables = ropeTables(this.config.headDim, this.config.ropeTheta, t);
      rope = {
        cos: new ort.Tensor('float32', tables.cos, [t, half]),
        sin: new ort.Tensor('float32', tables.sin, [t, half]),
      };
      this.ropeCache.set(t, rope);
    }
    return {
      b,
      t,
      feeds: {
        [TRAIN_IO.inputIds]: new ort.Tensor('int64', ids, [b, t]),
        [TRAIN_IO.labels]: new ort.Tensor('int64', labs, [b, t]),
        [TRAIN_IO.attentionBias]: bias,
        [TRAIN_IO.ropeCos]: rope.cos,
        [TRAIN_IO.ropeSin]: rope.sin,
      },
    };
  }

  /** Adds the weight feeds (every name of `expectedTensorShapes(config)`, float32), checking their sizes. */
  private addWeightFeeds(
    feeds: Record<string, ort.Tensor>,
    weights: ReadonlyMap<string, Float32Array>,
    caller: string,
  ): void {
    for (const [name, shape] of this.shapes) {
      const data = weights.get(name);
      if (!data) throw new Error(`OrtTrainEngine.${caller}: missing weight '${name}'`);
      const size = shape.reduce((x, y) => x * y, 1);
      if (data.length !== size)
        throw new Error(
          `OrtTrainEngine.${caller}: weight '${name}' has ${data.length} values, shape [${shape}] needs ${size}`,
        );
      feeds[name] = new ort.Tensor('float32', data, shape);
    }
  }

  /** The (B, T) d loss / d log-probs and d loss / d entropy feeds, checked against the batch's size. */
  private lossGradFeeds(
    b: number,
    t: number,
    dLogProbs: Float32Array,
    dEntropy: Float32Array | undefined,
    caller: string,
  ): Record<string, ort.Tensor> {
    const n = b * t;
    if (dLogProbs.length !== n)
      throw new Error(`${caller}: dLogProbs has ${dLogProbs.length} values, expected ${n}`);
    if (dEntropy && dEntropy.length !== n)
      throw new Error(`${caller}: dEntropy has ${dEntropy.length} values, expected ${n}`);
    return {
      [TRAIN_IO.dLogProbs]: new ort.Tensor('float32', dLogProbs, [b, t]),
      [TRAIN_IO.dEntropy]: new ort.Tensor('float32', dEntropy ?? new Float32Array(n), [b, t]),
    };
  }

  /** Forward pass with the given weights (every name of `expectedTensorShapes(config)`, float32). */
  async forward(weights: ReadonlyMap<string, Float32Array>, batch: TrainBatch): Promise<ForwardPass> {
    const { feeds, b, t } = this.batchFeeds(batch);
    this.addWeightFeeds(feeds, weights, 'forward');
    const out = await this.forwardSession.run(feeds);
    const saved: Record<string, ort.Tensor> = {};
    for (const name of this.graphs.savedNames) saved[name] = out[name] as ort.Tensor;
    return {
      batch: b,
      length: t,
      logProbs: out[TRAIN_IO.logProbs].data as Float32Array,
      entropy: out[TRAIN_IO.entropy].data as Float32Array,
      state: { feeds, saved },
    };
  }

  /**
   * Backward pass: d loss / d weight for every weight, by HF name, given d loss / d log-probs (B*T) and optionally
   * d loss / d entropy (B*T; zeros when the loss ignores the entropy).
   */
  async backward(
    pass: ForwardPass,
    dLogProbs: Float32Array,
    dEntropy?: Float32Array,
  ): Promise<Map<string, Float32Array>> {
    const feeds: Record<string, ort.Tensor> = {
      ...pass.state.feeds,
      ...pass.state.saved,
      ...this.lossGradFeeds(pass.batch, pass.length, dLogProbs, dEntropy, 'backward'),
    };
    const out = await this.backwardSession.run(feeds);
    return this.collectGrads(out, pass.state.feeds[TRAIN_IO.inputIds].data as BigInt64Array);
  }

  /**
   * Forward and backward in one run, for a loss whose gradient with respect to the log-probs and entropies is known
   * before the forward pass (it does not depend on them: e.g. SFT's or REINFORCE's, linear in the log-probs). Same
   * results as `forward` then `backward` with those gradients, without the activations' round trip through JS.
   */
  async step(
    weights: ReadonlyMap<string, Float32Array>,
    batch: TrainBatch,
    dLogProbs: Float32Array,
    dEntropy?: Float32Array,
  ): Promise<FusedStep> {
    const { feeds, b, t } = this.batchFeeds(batch);
    this.addWeightFeeds(feeds, weights, 'step');
    Object.assign(feeds, this.lossGradFeeds(b, t, dLogProbs, dEntropy, 'step'));
    this.fusedSession ??= ort.InferenceSession.create(this.graphs.fused, this.sessionOptions);
    const out = await (await this.fusedSession).run(feeds);
    return {
      batch: b,
      length: t,
      logProbs: out[TRAIN_IO.logProbs].data as Float32Array,
      entropy: out[TRAIN_IO.entropy].data as Float32Array,
      grads: this.collectGrads(out, feeds[TRAIN_IO.inputIds].data as BigInt64Array),
    };
  }

  /**
   * Log-probs and entropies alone (scoring, e.g. GRPO's old log-probs): the forward graph without its activation
   * outputs, so nothing but the two (B*T) arrays leaves onnxruntime. The same values as `forward` and `step`.
   */
  async score(
    weights: ReadonlyMap<string, Float32Array>,
    batch: TrainBatch,
  ): Promise<{ batch: number; length: number; logProbs: Float32Array; entropy: Float32Array }> {
    const { feeds, b, t } = this.batchFeeds(batch);
    this.addWeightFeeds(feeds, weights, 'score');
    this.scoreSession ??= ort.InferenceSession.create(this.graphs.score, this.sessionOptions);
    const out = await (await this.scoreSession).run(feeds);
    return {
      batch: b,
      length: t,
      logProbs: out[TRAIN_IO.logProbs].data as Float32Array,
      entropy: out[TRAIN_IO.entropy].data as Float32Array,
    };
  }

  /** The `grad.*` outputs by HF name, with the embedding rows added into the embedding's gradient. */
  private collectGrads(
    out: ort.InferenceSession.OnnxValueMapType,
    ids: BigInt64Array,
  ): Map<string, Float32Array> {
    const grads = new Map<string, Float32Array>();
    const embedding = 'model.embed_tokens.weight';
    for (const name of this.shapes.keys()) {
      const g = out[`${TRAIN_IO.grad}${name}`];
      if (g) grads.set(name, g.data as Float32Array);
    }
    // Embedding rows, added in row order (deterministic, unlike a threaded scatter): (V, H) += rows of (N, H).
    const hidden = this.config.hiddenSize;
    const table = grads.get(embedding) ?? new Float32Array(this.config.vocabSize * hidden);
    const rows = out[TRAIN_IO.embeddingRowsGrad].data as Float32Array;
    for (let i = 0; i < ids.length; i++) {
      const to = Number(ids[i]) * hidden;
      const from = i * hidden;
      for (let j = 0; j < hidden; j++) table[to + j] += rows[from + j];
    }
    grads.set(embedding, table);
    return new Map([...this.shapes.keys()].map((name) => [name, grads.get(name)!]));
  }

  async dispose(): Promise<void> {
    const lazy = await Promise.all([this.fusedSession, this.scoreSession].filter((x) => x !== undefined));
    await Promise.all(
      [this.forwardSession, this.backwardSession, ...lazy].map((session) => session.release()),
    );
  }
}
