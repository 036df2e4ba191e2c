import { ReasonrlError } from '@reasonrl/core';
import { checkTensors, type ModelConfig, type NamedTensor } from '@reasonrl/hf-checkpoint';
import { buildQwenGraph, gqaSupported, MASKED, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { ConcatDecodeBatch, type DecodeBatch, type KvState, SharedDecodeBatch } from './decode-batch.js';
import { GroupedDecodeBatch } from './grouped-decode-batch.js';
import { float32WeightBytes } from './kv-budget.js';
import { planRowBuckets } from './row-buckets.js';

/** Where ORT runs the graphs. `cuda` needs onnxruntime-node's CUDA binaries (installed with ONNXRUNTIME_NODE_INSTALL=cuda12). */
export type ExecutionProvider = 'cpu' | 'cuda';

export interface QwenSessionOptions {
  executionProvider: ExecutionProvider;
  /** Threads ORT uses inside one operator (0 = ORT's default: one per physical core). */
  intraOpNumThreads: number;
  /** Whether those threads spin while waiting (`session.intra_op.allow_spinning`); default true (ORT's). */
  intraOpSpinning?: boolean;
  /**
   * Where the weights live (see `QwenGraphOptions.weights`): `inputs` (every graph; sync swaps arrays),
   * `initializers` (every graph; sync rebuilds all sessions), `decode-initializers` (prefill graphs take them as inputs,
   * the decode graphs bake them in, pre-packed, and sync drops the decode sessions: the next `newBatch` rebuilds the
   * one it needs). Models over `DECODE_INITIALIZER_BYTES` keep inputs for decode too.
   */
  weights: 'inputs' | 'initializers' | 'decode-initializers';
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

/**
 * Weights (float32 bytes) above which `decode-initializers` keeps the decode graphs' weights as inputs: baked-in
 * weights are held again, and pre-packed, by every open decode session (ORT's protobuf model is limited to 2 GB), and
 * rebuilding a session after each sync costs more the larger they are.
 */
export const DECODE_INITIALIZER_BYTES = 256 * 1024 ** 2;

/** The decode graphs: plain, continuing a prefix shared by all rows, and that plus prompt groups (n > 1). */
type DecodeVariant = 'plain' | 'shared' | 'groups';

const int64 = (values: readonly number[], dims: number[]) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

/** Open one graph with the sampler's session options (a clear error where the CUDA provider is missing). */
async function openSession(bytes: Uint8Array, options: QwenSessionOptions): Promise<ort.InferenceSession> {
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
}

/**
 * Where the decode graphs' weights live for a `weights` option and the model's float32 weight bytes
 * (`float32WeightBytes`): baked in unless the model is too large for it.
 */
export function decodeWeightsFor(
  weights: QwenSessionOptions['weights'],
  weightBytes: number,
): 'inputs' | 'initializers' {
  if (weights === 'inputs') return 'inputs';
  if (weights === 'initializers') return 'initializers';
  return weightBytes > DECODE_INITIALIZER_BYTES ? 'inputs' : 'initializers';
}

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
    const prefillWeights = options.weights === 'initializers' ? 'initializers' : 'inputs';
    const prefill = buildQwenGraph(config, checked, {
      kind: 'prefill',
      weights: prefillWeights,
      attention: prefillAttention,
    });
    const rowBuckets = options.attention === 'static' ? (options.decodeBuckets ?? 1) : 1;
    const extend =
      prefillAttention === 'gqa'
        ? buildQwenGraph(config, checked, {
            kind: 'prefill',
            weights: prefillWeights,
            attention: 'gqa',
            withPast: true,
          })
        : undefined;
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of prefill.weightInputs) {
      const t = checked.get(name)!;
      feeds[name] = new ort.Tensor('float32', t.data, t.shape);
    }
    // `static` decode continuing a prefix shared by all rows (its KV fed once, read once per step), and with prompt
    // groups (n samples of a prompt also share the prompt's tokens after the prefix); only useful where a shared
    // prefix can be prefilled, i.e. with the gqa prefill-with-past graph
    const variants: DecodeVariant[] = ['plain'];
    if (options.attention === 'static' && prefillAttention === 'gqa') variants.push('shared', 'groups');
    const built: BuiltSessions = {
      prefill: await openSession(prefill.bytes, options),
      extend: extend && (await openSession(extend.bytes, options)),
      feeds,
      prefillAttention,
      rowBuckets,
      weights: checked,
      decodeWeights: decodeWeightsFor(options.weights, float32WeightBytes(config)),
      variants,
      decode: {},
    };
    // decode graphs taking the weights as inputs are opened here (a graph ORT rejects fails the load, not a later
    // generate); those with baked-in weights on first use, so that only the variants a run uses hold a copy
    if (built.decodeWeights === 'inputs')
      for (const variant of variants) await QwenSessions.decodeSession(config, options, built, variant);
    return built;
  }

  /** The decode graph's session for `variant`, built and opened from `built.weights` if it is not open. */
  private static decodeSession(
    config: ModelConfig,
    options: QwenSessionOptions,
    built: BuiltSessions,
    variant: DecodeVariant,
  ): Promise<ort.InferenceSession> {
    const open = built.decode[variant];
    if (open) return open;
    const graph = buildQwenGraph(config, built.weights, {
      kind: 'decode',
      weights: built.decodeWeights,
      attention: variant === 'plain' ? options.attention : 'static',
      sharedPrefix: variant !== 'plain',
      promptGroups: variant === 'groups',
      rowBuckets: variant === 'groups' ? 1 : built.rowBuckets,
    });
    const session = openSession(graph.bytes, options);
    built.decode[variant] = session;
    session.catch(() => {
      if (built.decode[variant] === session) delete built.decode[variant];
    });
    return session;
  }

  /**
   * Use new weights for the next runs. With weights as inputs the arrays are referenced, not copied (the caller must
   * not modify them afterwards); with `initializers` every session is rebuilt now; with `decode-initializers` the
   * prefill graphs' arrays are swapped and the decode sessions released, each rebuilt by the next `newBatch` that
   * needs it (`lastDecodeBuildMs`).
   */
  async setWeights(weights: ReadonlyMap<string, NamedTensor>): Promise<void> {
    if (this.options.weights === 'initializers') {
      const fresh = await QwenSessions.build(this.config, weights, this.options);
      await this.release();
      this.built = fresh;
      return;
    }
    const checked = checkTensors(weights, this.config, 'syncWeights');
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of Object.keys(this.weightFeeds)) {
      const t = checked.get(name)!;
      feeds[name] = new ort.Tensor('float32', t.data, t.shape);
    }
    // decode graphs with baked-in weights are stale now: released, rebuilt on their next use
    const baked = this.built.decodeWeights === 'initializers';
    const stale = baked ? Object.values(this.built.decode) : [];
    this.built = { ...this.built, feeds, weights: checked, decode: baked ? {} : this.built.decode };
    await releaseAll(stale);
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
   * `newTokens` the most tokens a row generates. With `decode-initializers`, the first batch after `syncWeights`
   * builds its decode graph (`lastDecodeBuildMs`).
   */
  async newBatch(
    maxRows: number,
    capacity: number,
    prefix?: KvState,
    samples?: { n: number; promptTokens: number; newTokens: number; promptLengths?: readonly number[] },
  ): Promise<DecodeBatch> {
    const variant: DecodeVariant =
      prefix && this.canSharePrefix ? (samples && samples.n > 1 ? 'groups' : 'shared') : 'plain';
    const t0 = performance.now();
    const open = this.built.decode[variant] !== undefined;
    const session = await QwenSessions.decodeSession(this.config, this.options, this.built, variant);
    this.lastDecodeBuildMs = open ? 0 : performance.now() - t0;
    const shape = {
      layers: this.config.numHiddenLayers,
      kvHeads: this.config.numKeyValueHeads,
      headDim: this.config.headDim,
      vocabSize: this.config.vocabSize,
    };
    // baked-in decode weights take no weight feeds
    const weights = this.built.decodeWeights === 'inputs' ? () => this.weightFeeds : () => ({});
    if (this.options.attention === 'standard') return new ConcatDecodeBatch(session, weights, shape);
    if (variant === 'groups') {
      return new GroupedDecodeBatch(
        session,
        weights,
        shape,
        maxRows,
        samples!.promptTokens,
        samples!.newTokens,
        prefix!,
        this.options.cacheGrowth ?? 0,
      );
    }
    const shared = variant === 'shared' ? prefix : undefined;
    const offset = shared ? shared.width : 0;
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
        session,
        weights,
        shape,
        maxRows,
        capacity,
        'static',
        shared,
        buckets,
        this.options.cacheGrowth ?? 0,
      );
    }
    return new SharedDecodeBatch(
      session,
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
    return this.built.variants.includes('shared');
  }

  /** Milliseconds the last `newBatch` spent building its decode graph (0 when it was open). */
  lastDecodeBuildMs = 0;

  private collectKv(out: ort.InferenceSession.OnnxValueMapType, rows: number, width: number): KvState {
    const layers = Array.from({ length: this.config.numHiddenLayers }, (_, l) => ({
      key: out[QWEN_IO.presentKey(l)].data as Float32Array,
      value: out[QWEN_IO.presentValue(l)].data as Float32Array,
    }));
    return { rows, width, layers };
  }

  async release(): Promise<void> {
    const { prefill, extend, decode } = this.built;
    await releaseAll([prefill, extend, ...Object.values(decode)]);
  }
}

/** Release every session (pending ones once open; one that failed to open has nothing to release). */
async function releaseAll(
  sessions: readonly (ort.InferenceSession | Promise<ort.InferenceSession> | undefined)[],
): Promise<void> {
  await Promise.all(
    sessions.map(async (s) => {
      const session = await Promise.resolve(s).catch(() => undefined);
      await session?.release();
    }),
  );
}

interface BuiltSessions {
  prefill: ort.InferenceSession;
  /** gqa prefill on top of a past (shared prompt prefix); absent with standard prefill. */
  extend: ort.InferenceSession | undefined;
  /** The prefill graphs' weight feeds (empty when they are baked in). */
  feeds: Record<string, ort.Tensor>;
  prefillAttention: 'gqa' | 'standard';
  /** `rowBuckets` of the plain (static) and shared-prefix decode graphs. */
  rowBuckets: number;
  /** The current weights, checked: what a decode graph is (re)built from. */
  weights: ReadonlyMap<string, NamedTensor>;
  decodeWeights: 'inputs' | 'initializers';
  /**
   * The decode graphs this model has: `plain` always; `shared` (static decode on top of a prefix shared by all rows)
   * and `groups` (that with prompt groups: n samples per prompt share the prompt's tokens after the prefix) with
   * `static` attention and the gqa prefill.
   */
  variants: DecodeVariant[];
  /** Their sessions, open or opening; one absent is built on first use. */
  decode: Partial<Record<DecodeVariant, Promise<ort.InferenceSession>>>;
}
