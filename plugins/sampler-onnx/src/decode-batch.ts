import { MASKED, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { type KvRowSource, packKvRows } from './kv-pack.js';
import type { RowBucketPlan } from './row-buckets.js';
import {
  copyPromptTail,
  growLayout,
  int64,
  type KvBuffers,
  kvBuffers,
  moveSlots,
  prefixFeeds,
  writeNewTokens,
} from './static-kv.js';

/** A KV cache: per layer, keys and values (rows, kvHeads, width, headDim). */
export interface KvState {
  rows: number;
  width: number;
  layers: { key: Float32Array; value: Float32Array }[];
}

/** A row joining a batch: its prompt's KV from prefill (1 row, `length` slots) and its token count. */
export interface JoiningRow {
  kv: KvState;
  length: number;
  /** The row's prompt (index in the call): rows of one prompt share its KV in a `GroupedDecodeBatch`. */
  group?: number;
}

/**
 * The rows decoding together and their KV cache. Rows are indexed 0..rows-1 in the order they were added;
 * `keep` drops the others (finished rows leave at once).
 */
export interface DecodeBatch {
  readonly rows: number;
  /** KV slots the next step reads from the rows' own caches (padding included; a shared prefix not counted). */
  readonly cacheSlots: number;
  add(joining: readonly JoiningRow[]): void;
  /** Keep the rows at `indices` (ascending), with their current lengths, in that order. */
  keep(indices: readonly number[], lengths: readonly number[]): void;
  /** Feed `tokens[r]` at position `lengths[r]` (tokens already in row r's cache); returns logits (rows, V). */
  step(tokens: readonly number[], lengths: readonly number[]): Promise<Float32Array>;
}

export interface BatchShape {
  layers: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
}

type Feeds = () => Record<string, ort.Tensor>;

/**
 * Standard-op graphs: the cache grows by Concat each step (present = past + new token), rows right-aligned with
 * left padding masked by `attention_bias`; joining and leaving repack the cache (`packKvRows`).
 */
export class ConcatDecodeBatch implements DecodeBatch {
  private kv: KvState | undefined;
  private lengths: number[] = [];

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly weights: Feeds,
    private readonly shape: BatchShape,
  ) {}

  get rows(): number {
    return this.kv?.rows ?? 0;
  }

  get cacheSlots(): number {
    return this.kv ? this.kv.rows * this.kv.width : 0;
  }

  add(joining: readonly JoiningRow[]): void {
    const current = this.lengths.map((length, index) => ({ index, length }));
    this.repack(current, joining);
  }

  keep(indices: readonly number[], lengths: readonly number[]): void {
    this.repack(
      indices.map((index, i) => ({ index, length: lengths[i] })),
      [],
    );
  }

  private repack(keep: { index: number; length: number }[], joining: readonly JoiningRow[]): void {
    const lengths = [...keep.map((k) => k.length), ...joining.map((j) => j.length)];
    if (lengths.length === 0) {
      this.kv = undefined;
      this.lengths = [];
      return;
    }
    const width = Math.max(...lengths);
    const old = this.kv;
    const sources = (l: number, which: 'key' | 'value'): KvRowSource[] => [
      ...keep.map(({ index, length }) => ({
        data: old!.layers[l][which],
        width: old!.width,
        row: index,
        length,
      })),
      ...joining.map(({ kv, length }) => ({ data: kv.layers[l][which], width: kv.width, row: 0, length })),
    ];
    const { layers, kvHeads, headDim } = this.shape;
    this.kv = {
      rows: lengths.length,
      width,
      layers: Array.from({ length: layers }, (_, l) => ({
        key: packKvRows(sources(l, 'key'), kvHeads, headDim, width),
        value: packKvRows(sources(l, 'value'), kvHeads, headDim, width),
      })),
    };
    this.lengths = lengths;
  }

  async step(tokens: readonly number[], lengths: readonly number[]): Promise<Float32Array> {
    const kv = this.kv!;
    const R = kv.rows;
    const W = kv.width;
    const T = W + 1;
    const bias = new Float32Array(R * T);
    for (let r = 0; r < R; r++) bias.fill(MASKED, r * T, r * T + (W - lengths[r]));
    const { kvHeads, headDim } = this.shape;
    const feeds: Record<string, ort.Tensor> = {
      ...this.weights(),
      [QWEN_IO.inputIds]: int64(tokens, [R, 1]),
      [QWEN_IO.positionIds]: int64(lengths, [R, 1]),
      [QWEN_IO.attentionBias]: new ort.Tensor('float32', bias, [R, 1, 1, 1, T]),
    };
    kv.layers.forEach((layer, l) => {
      feeds[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', layer.key, [R, kvHeads, W, headDim]);
      feeds[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', layer.value, [R, kvHeads, W, headDim]);
    });
    const out = await this.session.run(feeds);
    this.kv = {
      rows: R,
      width: T,
      layers: kv.layers.map((_, l) => ({
        key: out[QWEN_IO.presentKey(l)].data as Float32Array,
        value: out[QWEN_IO.presentValue(l)].data as Float32Array,
      })),
    };
    this.lengths = lengths.map((n) => n + 1);
    return out[QWEN_IO.logits].data as Float32Array;
  }
}

/**
 * Static-cache decode graphs (`gqa` or `static` attention): fixed buffers per layer of (rows, kvHeads, capacity,
 * headDim), rows left-aligned (their tokens in the first `length` slots). The decode graph reads the buffers as `past`
 * (no copy: inputs are passed to ORT by pointer) and returns only the new token's key and value, written here into
 * slot `length` of each row (onnxruntime-node copies outputs, so the cache itself is never an output).
 * Joining copies the prompt's KV into the next free row; leaving moves the kept rows down (one copy per moved row).
 *
 * With a `prefix` (`static` attention only: the KV of the P tokens every row starts with, prefilled once), the
 * session is the shared-prefix decode graph: the prefix is fed once as `prefix_key_values.*` (kvHeads, P, headDim)
 * and each row's buffer holds only its tokens after it (slot i = position P + i), `capacity - P` slots per row.
 *
 * With a `plan` (`static` attention, a graph built with `rowBuckets` = `graphBuckets`), rows live in buckets of
 * their own capacity (`planRowBuckets`): a row with `own` tokens after the prefix joins the first bucket whose
 * limit it fits (a full bucket sends it to the next), and reserves limit + `reserve` slots instead of the longest
 * row's. The graph's batch is bucket 0's rows, then bucket 1's..., so tokens, positions and logits are permuted
 * between that order and the caller's (join order); without a plan there is one bucket and no permutation.
 *
 * With `growth` > 0 (`static` attention), a bucket's rows are laid out with a stride smaller than its capacity: its
 * longest row + `growth` slots, widened in place (rows moved up, last first) when a row reaches it (`widerStride`).
 * The graph reads `stride` slots per row, not the capacity: a row reserves `maxTokens` slots for its completion but
 * holds half of them on average, and those empty slots were read at every step (bench: 284 -> ~220 slots per
 * row-step). Memory stays allocated for the full capacity (the KV budget is unchanged).
 */
export class SharedDecodeBatch implements DecodeBatch {
  /** Tokens of the shared prefix (0 without one): row slot i holds position `offset + i`. */
  private readonly offset: number;
  /** `prefix_key_values.*` feeds, (kvHeads, P, headDim) per layer; empty without a prefix. */
  private readonly prefixFeeds: Record<string, ort.Tensor> = {};
  private readonly buckets: {
    buffers: KvBuffers;
    /** Most slots per row (tokens after the prefix): the buffers hold maxRows x capacity. */
    capacity: number;
    /** Slots per row in the current layout (<= capacity): row slot s starts at s * kvHeads * stride * headDim. */
    stride: number;
    /** Most own tokens of a joining row. */
    limit: number;
    maxRows: number;
    count: number;
  }[];
  /** Per row (caller's order): its bucket and its slot there. */
  private rowBucket: number[] = [];
  private rowSlot: number[] = [];

  /**
   * @param capacity most tokens of a row (prompt + completion), the prefix included.
   * @param prefix the shared prefix's KV (1 row, width P), for the shared-prefix `static` decode graph.
   * @param buckets `graphBuckets`: the graph's `rowBuckets`; `plan`: the rows' buckets (limits in own tokens, after
   *   the prefix); `reserve`: slots a row keeps beyond its limit (most new tokens).
   * @param growth `static` attention: slots a bucket's stride grows by (0 = the whole capacity from the start).
   */
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly weights: Feeds,
    private readonly shape: BatchShape,
    private readonly maxRows: number,
    capacity: number,
    private readonly attention: 'gqa' | 'static',
    prefix?: KvState,
    buckets?: { graphBuckets: number; plan: RowBucketPlan; reserve: number },
    private readonly growth = 0,
  ) {
    if (growth > 0 && attention !== 'static')
      throw new Error("SharedDecodeBatch: a growing stride needs 'static' attention");
    if (prefix && attention !== 'static')
      throw new Error("SharedDecodeBatch: a shared prefix needs 'static' attention");
    if (prefix) this.prefixFeeds = prefixFeeds(prefix, shape, 'SharedDecodeBatch');
    this.offset = prefix?.width ?? 0;
    const own = capacity - this.offset; // slots per row without buckets
    if (own <= 0)
      throw new Error(
        `SharedDecodeBatch: capacity ${capacity} leaves no slot after the ${this.offset}-token prefix`,
      );
    // without a plan: one bucket of `own` slots that any row fits
    const plan = buckets?.plan ?? { limits: [own - 1], rows: [maxRows] };
    const reserve = buckets?.reserve ?? 1;
    const graphBuckets = buckets?.graphBuckets ?? 1;
    if (buckets && attention !== 'static')
      throw new Error("SharedDecodeBatch: row buckets need 'static' attention");
    if (plan.limits.length > graphBuckets)
      throw new Error(
        `SharedDecodeBatch: ${plan.limits.length} buckets planned, the graph has ${graphBuckets}`,
      );
    this.buckets = Array.from({ length: graphBuckets }, (_, k) => {
      const used = k < plan.limits.length;
      // an unused bucket of the graph is fed with 0 rows of 1 slot
      const slots = used ? Math.min(own, plan.limits[k] + reserve) : 1;
      const rows = used ? Math.min(maxRows, plan.rows[k]) : 0;
      return {
        buffers: kvBuffers(shape, rows, slots),
        capacity: slots,
        stride: growth > 0 ? Math.min(slots, growth) : slots, // widened by add() to its rows' need
        limit: used ? plan.limits[k] : -1,
        maxRows: rows,
        count: 0,
      };
    });
  }

  get rows(): number {
    return this.rowBucket.length;
  }

  get cacheSlots(): number {
    return this.buckets.reduce((sum, b) => sum + b.count * b.stride, 0);
  }

  private rowSize(bucket: number): number {
    return this.shape.kvHeads * this.buckets[bucket].stride * this.shape.headDim;
  }

  /**
   * Make room for `need` slots per row in bucket k: widen its stride to `need` + growth (at most the capacity),
   * moving its rows in place (`widenSlots`); the gaps are masked by the bias like any padding.
   */
  private ensureStride(k: number, need: number): void {
    const b = this.buckets[k];
    b.stride = growLayout(b.buffers, b.count, this.shape, b.stride, need, this.growth, b.capacity);
  }

  add(joining: readonly JoiningRow[]): void {
    if (this.rows + joining.length > this.maxRows) {
      throw new Error(
        `SharedDecodeBatch: ${this.rows} + ${joining.length} rows exceed the ${this.maxRows} allocated`,
      );
    }
    // place every joining row first (a full bucket sends a row to the next), then widen each bucket's stride once
    // for its longest new row before copying (widening per row would move the rows already copied again and again)
    const counts = this.buckets.map((b) => b.count);
    const placed = joining.map(({ kv, length }) => {
      const own = length - this.offset; // tokens after the shared prefix, the last `own` of the row's `length`
      if (own <= 0)
        throw new Error(
          `SharedDecodeBatch: a row of ${length} tokens has none after the ${this.offset}-token shared prefix`,
        );
      const k = this.buckets.findIndex((b, i) => own <= b.limit && own < b.capacity && counts[i] < b.maxRows);
      if (k < 0)
        throw new Error(
          `SharedDecodeBatch: a row of ${length} tokens fits no bucket (capacities ${this.buckets.map((b) => b.capacity + this.offset)}, or they are full)`,
        );
      counts[k]++;
      return { kv, own, k };
    });
    this.buckets.forEach((_, k) => {
      const need = placed.reduce((most, p) => (p.k === k ? Math.max(most, p.own + 1) : most), 0);
      this.ensureStride(k, need);
    });
    for (const { kv, own, k } of placed) {
      const bucket = this.buckets[k];
      copyPromptTail(bucket.buffers, kv, own, bucket.count, this.shape, bucket.stride);
      this.rowBucket.push(k);
      this.rowSlot.push(bucket.count++);
    }
  }

  keep(indices: readonly number[], _lengths: readonly number[]): void {
    // within a bucket, slots follow the caller's order (both are join order), so kept slots move down in order
    this.buckets.forEach((bucket, k) => {
      const slots = indices.filter((i) => this.rowBucket[i] === k).map((i) => this.rowSlot[i]);
      moveSlots(bucket.buffers, slots, this.rowSize(k));
      bucket.count = slots.length;
    });
    this.rowBucket = indices.map((i) => this.rowBucket[i]);
    const next = this.buckets.map(() => 0);
    this.rowSlot = this.rowBucket.map((k) => next[k]++);
  }

  async step(tokens: readonly number[], lengths: readonly number[]): Promise<Float32Array> {
    const R = this.rows;
    const { kvHeads, headDim, vocabSize: V } = this.shape;
    const P = this.offset;
    // graph order: bucket 0's rows (by slot), then bucket 1's...; order[i] = the caller's row at graph row i
    const first: number[] = [];
    this.buckets.reduce((at, b) => {
      first.push(at);
      return at + b.count;
    }, 0);
    const order = new Array<number>(R);
    let identity = true;
    for (let r = 0; r < R; r++) {
      const i = first[this.rowBucket[r]] + this.rowSlot[r];
      order[i] = r;
      identity &&= i === r;
    }
    const ordered = (values: readonly number[]) => (identity ? values : order.map((r) => values[r]));
    const graphLengths = ordered(lengths);
    // after the run each row's new token goes to slot length - P: its bucket's stride must have room for it
    this.buckets.forEach((bucket, k) => {
      let need = 0;
      for (let s = 0; s < bucket.count; s++) need = Math.max(need, graphLengths[first[k] + s] - P + 1);
      this.ensureStride(k, need);
    });
    const feeds: Record<string, ort.Tensor> = {
      ...this.weights(),
      ...this.prefixFeeds,
      [QWEN_IO.inputIds]: int64(ordered(tokens), [R, 1]),
      [QWEN_IO.positionIds]: int64(graphLengths, [R, 1]), // absolute positions, the prefix included
    };
    if (this.attention === 'gqa') {
      feeds[QWEN_IO.seqlensK] = new ort.Tensor('int32', Int32Array.from(graphLengths), [R]);
      feeds[QWEN_IO.totalSequenceLength] = new ort.Tensor(
        'int32',
        Int32Array.of(Math.max(...lengths) + 1),
        [],
      );
    }
    this.buckets.forEach((bucket, k) => {
      const { count, stride: C } = bucket;
      if (this.attention === 'static') {
        const bias = new Float32Array(count * C);
        for (let s = 0; s < count; s++)
          bias.fill(MASKED, s * C + graphLengths[first[k] + s] - P, (s + 1) * C);
        feeds[QWEN_IO.bucketBias(k)] = new ort.Tensor('float32', bias, [count, 1, 1, 1, C]);
      }
      const dims = [count, kvHeads, C, headDim];
      const size = count * this.rowSize(k);
      bucket.buffers.forEach((buf, l) => {
        feeds[QWEN_IO.bucketKey(l, k)] = new ort.Tensor('float32', buf.key.subarray(0, size), dims);
        feeds[QWEN_IO.bucketValue(l, k)] = new ort.Tensor('float32', buf.value.subarray(0, size), dims);
      });
    });
    const out = await this.session.run(feeds);
    this.buckets.forEach((bucket, k) => {
      // graph row first[k] + s is slot s of bucket k; its new token goes to slot lengths - P
      writeNewTokens(
        bucket.buffers,
        out,
        bucket.count,
        this.shape,
        bucket.stride,
        (s) => graphLengths[first[k] + s] - P,
        first[k],
      );
    });
    const logits = out[QWEN_IO.logits].data as Float32Array;
    if (identity) return logits;
    const byRow = new Float32Array(R * V);
    for (let i = 0; i < R; i++) byRow.set(logits.subarray(i * V, (i + 1) * V), order[i] * V);
    return byRow;
  }
}
