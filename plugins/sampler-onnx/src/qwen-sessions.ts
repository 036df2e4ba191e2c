import { ReasonrlError } from '@reasonrl/core';
import { checkTensors, type ModelConfig, type NamedTensor } from '@reasonrl/hf-checkpoint';
import { buildQwenGraph, gqaSupported, MASKED, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { ConcatDecodeBatch, type DecodeBatch, type KvState, SharedDecodeBatch } from './decode-batch.js';
import { GroupedDecodeBatch } from './grouped-decode-batch.js';
import { planRowBuckets } from './row-buckets.js';

/** Where ORT runs the graphs. `cuda` needs onnxruntime-node's CUDA binaries (installed with ONNXRUNTIME_NODE_INSTALL=cuda12). */
export type ExecutionProvider = 'cpu' | 'cuda';

export interface QwenSessionOptions {
  executionProvider: ExecutionProvider;
  /** Threads ORT uses inside one operator (0 = ORT's default: one per physical core). */
  intraOpNumThreads: number;
  /** Whether those threads spin while waiting (`session.intra_op.allow_spinning`); default true (ORT's). */
  intraOpSpinning?: boolean;
  /** Weights as graph inputs (sync without rebuild) or as initializers (rebuild on sync). See `QwenGraphOptions`. */
  weights: 'inputs' | 'initializers';
  /**
   * Decode attention: `static` (standard ops reading a fixed cache, only the new KV returned), `gqa` (ORT's
   * GroupQueryAttention on the same cache; headDim % 16 == 0) or `standard` (Concat-grown cache). The prefill graph
   * uses GroupQueryAttention when the model allows it (`standard` otherwise, and always with `standard`).
   */
  attention: 'static' | 'gqa' | 'standard';
  /**
   * `static` decode without prompt groups: rows are split into at most this many buckets by length, each with its
   * own cache capacity (see `SharedDecodeBatch`); 1 = one capacity for all rows, set by the longest. Default 1.
   */
  decodeBuckets?: number;
  /**
   * `static` decode: slots the rows' layout in the cache grows by (see `SharedDecodeBatch`); 0 (the default here) =
   * the whole capacity from the first step.
   */
  cacheGrowth?: number;
}

const int64 = (values: readonly number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

/**
 * The prefill and one-token decode sessions of one Qwen model on onnxruntime-node, built from its config and weights
 * by `@reasonrl/onnx-qwen`. Speaks plain typed arrays: callers never see ORT tensors.
 */
export class QwenSessions {
  private constructor(
    readonly config: ModelConfig,
    private readonly options: QwenSessionOptions,
    private built: BuiltSessions,
  ) {}

  static async create(
    config: ModelConfig,
    weights: ReadonlyMap<string, NamedTensor>,
    options: QwenSessionOptions,
  ): Promise<QwenSessions> {
    return new QwenSessions(config, options, await QwenSessions.build(config, weights, options));
  }

  /** True when a prompt can be prefilled on top of a shared prefix's KV (`prefill(ids, prefix)`). */
  get canExtend(): boolean {
    return this.built.extend !== undefined;
  }

  private get weightFeeds(): Record<string, ort.Tensor> {
    return this.built.feeds;
  }

  private static async build(
    config: ModelConfig,
    weights: ReadonlyMap<string, NamedTensor>,
    options: QwenSessionOptions,
  ) {
    const checked = checkTensors(weights, config, 'onnx sampler weights');
    if (options.attention === 'gqa' && !gqaSupported(config)) {
      throw new ReasonrlError(
        'CONFIG_INVALID',
        `onnx sampler: attention 'gqa' needs headDim % 16 == 0 (this model: ${config.headDim}); use 'standard'`,
      );
    }
    const prefillAttention = options.attention !== 'standard' && gqaSupported(config) ? 'gqa' : 'standard';
    const prefill = buildQwenGraph(config, checked, {
      kind: 'prefill',
      weights: options.weights,
      attention: prefillAttention,
    });
    const rowBuckets = options.attention === 'static' ? (options.decodeBuckets ?? 1) : 1;
    const decode = buildQwenGraph(config, checked, {
      kind: 'decode',
      weights: options.weights,
      attention: options.attention,
      rowBuckets,
    });
    // `static` decode continuing a prefix shared by all rows (its KV fed once, read once per step); only useful
    // where a shared prefix can be prefilled, i.e. with the gqa prefill-with-past graph
    const sharedGraph = (promptGroups: boolean) =>
      options.attention === 'static' && prefillAttention === 'gqa'
        ? buildQwenGraph(config, checked, {
            kind: 'decode',
            weights: options.weights,
            attention: 'static',
            sharedPrefix: true,
            promptGroups,
            rowBuckets: promptGroups ? 1 : rowBuckets,
          })
        : undefined;
    const decodeShared = sharedGraph(false);
    // and the second level: n samples of a prompt also share the prompt's tokens after the prefix
    const decodeGroups = sharedGraph(true);
    const extend =
      prefillAttention === 'gqa'
        ? buildQwenGraph(config, checked, {
            kind: 'prefill',
            weights: options.weights,
            attention: 'gqa',
            withPast: true,
          })
        : undefined;
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: [options.executionProvider],
      intraOpNumThreads: options.intraOpNumThreads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      // Spinning intra-op threads compete with other jobs for a shared machine's cores (see the config's doc); and
      // they kept spinning after each run, while the sampler's JS wrote the new keys/values into the cache between
      // steps: with 2 threads that copy took ~2.7 ms per step instead of ~1.1 (bench model, 64 rows).
      // force_spinning_stop: the threads spin during a run only.
      extra: {
        session: {
          'intra_op.allow_spinning': options.intraOpSpinning === false ? '0' : '1',
          force_spinning_stop: '1',
        },
      },
    };
    const open = async (bytes: Uint8Array) => {
      try {
        return await ort.InferenceSession.create(bytes, sessionOptions);
      } catch (err) {
        if (options.executionProvider === 'cuda') {
          throw new ReasonrlError(
            'ONNX_CUDA_UNAVAILABLE',
            `onnx sampler: executionProvider 'cuda' is not available (${(err as Error).message}). onnxruntime-node ships only CPU ` +
              `binaries; install its CUDA 12 provider with ONNXRUNTIME_NODE_INSTALL=cuda12 on a machine with CUDA, or use 'cpu'.`,
            { cause: err },
          );
        }
        throw err;
      }
    };
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of prefill.weightInputs) {
      const t = checked.get(name)!;
      feeds[name] = new ort.Tensor('float32', t.data, t.shape);
    }
    const built: BuiltSessions = {
      prefill: await open(prefill.bytes),
      decode: await open(decode.bytes),
      decodeShared: decodeShared && (await open(decodeShared.bytes)),
      decodeGroups: decodeGroups && (await open(decodeGroups.bytes)),
      extend: extend && (await open(extend.bytes)),
      feeds,
      prefillAttention,
      rowBuckets,
    };
    return built;
  }

  /**
   * Use new weights for the next runs. With weights as inputs the arrays are referenced, not copied (the caller must
   * not modify them afterwards); with initializers both sessions are rebuilt.
   */
  async setWeights(weights: ReadonlyMap<string, NamedTensor>): Promise<void> {
    if (this.options.weights === 'inputs') {
      const checked = checkTensors(weights, this.config, 'syncWeights');
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of Object.keys(this.weightFeeds)) {
        const t = checked.get(name)!;
        feeds[name] = new ort.Tensor('float32', t.data, t.shape);
      }
      this.built = { ...this.built, feeds };
      return;
    }
    const fresh = await QwenSessions.build(this.config, weights, this.options);
    await this.release();
    this.built = fresh;
  }

  /**
   * Run a whole prompt (L token ids, no padding), or, with `prefix` (the KV of a shared prefix of P tokens, 1 row,
   * width P; see `canExtend`), only the L tokens after it. Returns the next-token logits (V,) and the KV cache of all
   * the prompt's tokens (1 row, width P + L).
   */
  async prefill(ids: readonly number[], prefix?: KvState): Promise<{ logits: Float32Array; kv: KvState }> {
    const L = ids.length;
    const feeds: Record<string, ort.Tensor> = { ...this.weightFeeds, [QWEN_IO.inputIds]: int64(ids, [1, L]) };
    if (prefix) {
      if (!this.built.extend)
        throw new Error(
          'QwenSessions.prefill: this model has no prefill-with-past graph (needs gqa prefill)',
        );
      const P = prefix.width;
      const { numKeyValueHeads: kvH, headDim: D } = this.config;
      feeds[QWEN_IO.seqlensK] = new ort.Tensor('int32', Int32Array.of(P + L - 1), [1]);
      feeds[QWEN_IO.totalSequenceLength] = new ort.Tensor('int32', Int32Array.of(P + L), []);
      prefix.layers.forEach((layer, l) => {
        feeds[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', layer.key, [1, kvH, P, D]);
        feeds[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', layer.value, [1, kvH, P, D]);
      });
      const out = await this.built.extend.run(feeds);
      return { logits: out[QWEN_IO.logits].data as Float32Array, kv: this.collectKv(out, 1, P + L) };
    }
    if (this.built.prefillAttention === 'gqa') {
      feeds[QWEN_IO.seqlensK] = new ort.Tensor('int32', Int32Array.of(L - 1), [1]);
      feeds[QWEN_IO.totalSequenceLength] = new ort.Tensor('int32', Int32Array.of(L), []);
    } else {
      const bias = new Float32Array(L * L);
      for (let s = 0; s < L; s++) for (let t = s + 1; t < L; t++) bias[s * L + t] = MASKED;
      feeds[QWEN_IO.positionIds] = int64(
        Array.from({ length: L }, (_, i) => i),
        [1, L],
      );
      feeds[QWEN_IO.attentionBias] = new ort.Tensor('float32', bias, [1, 1, 1, L, L]);
    }
    const out = await this.built.prefill.run(feeds);
    return { logits: out[QWEN_IO.logits].data as Float32Array, kv: this.collectKv(out, 1, L) };
  }

  /**
   * A decode batch of at most `maxRows` rows of at most `capacity` tokens each (prompt + completion), on the decode
   * graph: in-place fixed buffers with `static` and `gqa`, a growing concatenated cache with `standard`.
   * `prefix`: the KV of a prefix every row starts with (1 row, width P, from `prefill`). With `static` attention the
   * rows then keep only their tokens after it and the shared-prefix decode graph reads it once per step for all rows
   * (see `canSharePrefix`); otherwise it is ignored here (each row's KV from `prefill(ids, prefix)` includes it).
   * `samples`: with a prefix and `static` attention, n > 1 samples per prompt also share each prompt's tokens after
   * the prefix (`GroupedDecodeBatch`; rows then join with their `group`); `promptTokens` is the longest prompt and
   * `newTokens` the most tokens a row generates.
   */
  newBatch(
    maxRows: number,
    capacity: number,
    prefix?: KvState,
    samples?: { n: number; promptTokens: number; newTokens: number; promptLengths?: readonly number[] },
  ): DecodeBatch {
    const shape = {
      layers: this.config.numHiddenLayers,
      kvHeads: this.config.numKeyValueHeads,
      headDim: this.config.headDim,
      vocabSize: this.config.vocabSize,
    };
    const weights = () => this.weightFeeds;
    if (this.options.attention === 'standard')
      return new ConcatDecodeBatch(this.built.decode, weights, shape);
    if (prefix && samples && samples.n > 1 && this.built.decodeGroups) {
      return new GroupedDecodeBatch(
        this.built.decodeGroups,
        weights,
        shape,
        maxRows,
        samples.promptTokens,
        samples.newTokens,
        prefix,
        this.options.cacheGrowth ?? 0,
      );
    }
    const shared = prefix && this.built.decodeShared;
    const offset = shared ? prefix.width : 0;
    // static graphs with row buckets: plan them from the call's rows (their tokens after the shared prefix), when
    // they all decode together. A call the KV budget splits (more rows than maxRows) keeps one capacity: each bucket
    // would need room for up to maxRows rows of its own, up to graphBuckets times the budget.
    const graphBuckets = this.options.attention === 'static' ? this.built.rowBuckets : 1;
    const callRows = (samples?.promptLengths?.length ?? 0) * (samples?.n ?? 1);
    const buckets =
      graphBuckets > 1 && samples?.promptLengths && callRows > 0 && callRows <= maxRows
        ? {
            graphBuckets,
            plan: planRowBuckets(
              samples.promptLengths.flatMap((length) => new Array<number>(samples.n).fill(length - offset)),
              graphBuckets,
              samples.newTokens,
            ),
            reserve: samples.newTokens,
          }
        : graphBuckets > 1
          ? { graphBuckets, plan: { limits: [capacity - offset - 1], rows: [maxRows] }, reserve: 1 }
          : undefined;
    if (shared) {
      return new SharedDecodeBatch(
        this.built.decodeShared!,
        weights,
        shape,
        maxRows,
        capacity,
        'static',
        prefix,
        buckets,
        this.options.cacheGrowth ?? 0,
      );
    }
    return new SharedDecodeBatch(
      this.built.decode,
      weights,
      shape,
      maxRows,
      capacity,
      this.options.attention,
      undefined,
      buckets,
      this.options.attention === 'static' ? (this.options.cacheGrowth ?? 0) : 0,
    );
  }

  /** True when `newBatch(..., prefix)` decodes on the shared-prefix graph (rows do not store the prefix). */
  get canSharePrefix(): boolean {
    return this.built.decodeShared !== undefined;
  }

  private collectKv(out: ort.InferenceSession.OnnxValueMapType, rows: number, width: number): KvState {
    const layers = Array.from({ length: this.config.numHiddenLayers }, (_, l) => ({
      key: out[QWEN_IO.presentKey(l)].data as Float32Array,
      value: out[QWEN_IO.presentValue(l)].data as Float32Array,
    }));
    return { rows, width, layers };
  }

  async release(): Promise<void> {
    const { prefill, decode, decodeShared, decodeGroups, extend } = this.built;
    await Promise.all([
      prefill.release(),
      decode.release(),
      decodeShared?.release(),
      decodeGroups?.release(),
      extend?.release(),
    ]);
  }
}

interface BuiltSessions {
  prefill: ort.InferenceSession;
  /** gqa prefill on top of a past (shared prompt prefix); absent with standard prefill. */
  extend: ort.InferenceSession | undefined;
  decode: ort.InferenceSession;
  /** `static` decode on top of a prefix shared by all rows; absent with other attention or without gqa prefill. */
  decodeShared: ort.InferenceSession | undefined;
  /** `decodeShared` with prompt groups (n samples per prompt share the prompt's tokens after the prefix). */
  decodeGroups: ort.InferenceSession | undefined;
  feeds: Record<string, ort.Tensor>;
  prefillAttention: 'gqa' | 'standard';
  /** `rowBuckets` of the `decode` (static) and `decodeShared` graphs. */
  rowBuckets: number;
}
