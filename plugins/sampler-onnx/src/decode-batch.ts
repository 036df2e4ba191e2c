import { MASKED, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { type KvRowSource, packKvRows } from './kv-pack.js';
import {
  copyPromptTail,
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
 * Static-cache decode graphs (`gqa` or `static` attention): one fixed buffer per layer of (maxRows, kvHeads, capacity,
 * headDim), rows left-aligned (their tokens in the first `length` slots). The decode graph reads the buffer as `past`
 * (no copy: inputs are passed to ORT by pointer) and returns only the new token's key and value, written here into
 * slot `length` of each row (onnxruntime-node copies outputs, so the cache itself is never an output).
 * Joining copies the prompt's KV into the next free row; leaving moves the kept rows down (one copy per moved row).
 *
 * With a `prefix` (`static` attention only: the KV of the P tokens every row starts with, prefilled once), the
 * session is the shared-prefix decode graph: the prefix is fed once as `prefix_key_values.*` (kvHeads, P, headDim)
 * and each row's buffer holds only its tokens after it (slot i = position P + i), `capacity - P` slots per row.
 */
export class SharedDecodeBatch implements DecodeBatch {
  private count = 0;
  private readonly buffers: KvBuffers;
  /** Tokens of the shared prefix (0 without one): row slot i holds position `offset + i`. */
  private readonly offset: number;
  /** Slots per row: the tokens after the prefix. */
  private readonly capacity: number;
  /** `prefix_key_values.*` feeds, (kvHeads, P, headDim) per layer; empty without a prefix. */
  private readonly prefixFeeds: Record<string, ort.Tensor> = {};

  /**
   * @param capacity most tokens of a row (prompt + completion), the prefix included.
   * @param prefix the shared prefix's KV (1 row, width P), for the shared-prefix `static` decode graph.
   */
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly weights: Feeds,
    private readonly shape: BatchShape,
    private readonly maxRows: number,
    capacity: number,
    private readonly attention: 'gqa' | 'static',
    prefix?: KvState,
  ) {
    if (prefix && attention !== 'static')
      throw new Error("SharedDecodeBatch: a shared prefix needs 'static' attention");
    if (prefix) this.prefixFeeds = prefixFeeds(prefix, shape, 'SharedDecodeBatch');
    this.offset = prefix?.width ?? 0;
    if (capacity <= this.offset)
      throw new Error(
        `SharedDecodeBatch: capacity ${capacity} leaves no slot after the ${this.offset}-token prefix`,
      );
    this.capacity = capacity - this.offset;
    this.buffers = kvBuffers(shape, maxRows, this.capacity);
  }

  get rows(): number {
    return this.count;
  }

  private get rowSize(): number {
    return this.shape.kvHeads * this.capacity * this.shape.headDim;
  }

  add(joining: readonly JoiningRow[]): void {
    if (this.count + joining.length > this.maxRows) {
      throw new Error(
        `SharedDecodeBatch: ${this.count} + ${joining.length} rows exceed the ${this.maxRows} allocated`,
      );
    }
    for (const { kv, length } of joining) {
      if (length - this.offset >= this.capacity)
        throw new Error(
          `SharedDecodeBatch: a row of ${length} tokens leaves no room in the capacity ${this.capacity + this.offset}`,
        );
      if (length <= this.offset)
        throw new Error(
          `SharedDecodeBatch: a row of ${length} tokens has none after the ${this.offset}-token shared prefix`,
        );
      // tokens after the shared prefix, the last `length - offset` of the row's `length`
      copyPromptTail(this.buffers, kv, length - this.offset, this.count++, this.shape, this.capacity);
    }
  }

  keep(indices: readonly number[], _lengths: readonly number[]): void {
    moveSlots(this.buffers, indices, this.rowSize);
    this.count = indices.length;
  }

  async step(tokens: readonly number[], lengths: readonly number[]): Promise<Float32Array> {
    const R = this.count;
    const { kvHeads, headDim } = this.shape;
    const C = this.capacity;
    const dims = [R, kvHeads, C, headDim];
    const size = R * this.rowSize;
    const P = this.offset;
    const feeds: Record<string, ort.Tensor> = {
      ...this.weights(),
      ...this.prefixFeeds,
      [QWEN_IO.inputIds]: int64(tokens, [R, 1]),
      [QWEN_IO.positionIds]: int64(lengths, [R, 1]), // absolute positions, the prefix included
    };
    if (this.attention === 'gqa') {
      feeds[QWEN_IO.seqlensK] = new ort.Tensor('int32', Int32Array.from(lengths), [R]);
      feeds[QWEN_IO.totalSequenceLength] = new ort.Tensor(
        'int32',
        Int32Array.of(Math.max(...lengths) + 1),
        [],
      );
    } else {
      const bias = new Float32Array(R * C);
      for (let r = 0; r < R; r++) bias.fill(MASKED, r * C + lengths[r] - P, (r + 1) * C);
      feeds[QWEN_IO.attentionBias] = new ort.Tensor('float32', bias, [R, 1, 1, 1, C]);
    }
    this.buffers.forEach((buf, l) => {
      feeds[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', buf.key.subarray(0, size), dims);
      feeds[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', buf.value.subarray(0, size), dims);
    });
    const out = await this.session.run(feeds);
    writeNewTokens(this.buffers, out, R, this.shape, C, (r) => lengths[r] - P); // slot lengths[r] - P of row r
    return out[QWEN_IO.logits].data as Float32Array;
  }
}
