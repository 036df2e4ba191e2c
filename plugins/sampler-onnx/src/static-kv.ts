import { QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import type { BatchShape, KvState } from './decode-batch.js';

/**
 * The fixed-capacity KV buffers the static decode graphs read, and the copies into and within them that every
 * static batch (SharedDecodeBatch, GroupedDecodeBatch) makes. Per layer: keys and values (slots, kvHeads, capacity,
 * headDim), a slot being a row or a prompt group.
 */
export type KvBuffers = { key: Float32Array; value: Float32Array }[];

/** An int64 tensor from plain numbers (token ids, positions, indices). */
export const int64 = (values: readonly number[], dims: number[]): ort.Tensor =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

/** Zeroed buffers of `slots` slots of `capacity` tokens. */
export function kvBuffers(shape: BatchShape, slots: number, capacity: number): KvBuffers {
  const size = slots * shape.kvHeads * capacity * shape.headDim;
  return Array.from({ length: shape.layers }, () => ({
    key: new Float32Array(size),
    value: new Float32Array(size),
  }));
}

/** `prefix_key_values.*` feeds, (kvHeads, P, headDim) per layer, from a prefilled 1-row prefix of width P. */
export function prefixFeeds(prefix: KvState, shape: BatchShape, owner: string): Record<string, ort.Tensor> {
  if (prefix.rows !== 1 || prefix.layers.length !== shape.layers)
    throw new Error(
      `${owner}: the prefix KV must have 1 row and ${shape.layers} layers, got ${prefix.rows} and ${prefix.layers.length}`,
    );
  const feeds: Record<string, ort.Tensor> = {};
  const dims = [shape.kvHeads, prefix.width, shape.headDim];
  prefix.layers.forEach((layer, l) => {
    feeds[QWEN_IO.prefixKey(l)] = new ort.Tensor('float32', layer.key, dims);
    feeds[QWEN_IO.prefixValue(l)] = new ort.Tensor('float32', layer.value, dims);
  });
  return feeds;
}

/**
 * Copies the last `own` token slots of a prefilled prompt (`kv`: 1 row, width W, the prompt right-aligned) into the
 * first `own` slots of buffer slot `slot` (capacity C).
 */
export function copyPromptTail(
  buffers: KvBuffers,
  kv: KvState,
  own: number,
  slot: number,
  shape: BatchShape,
  capacity: number,
): void {
  const { kvHeads, headDim } = shape;
  buffers.forEach((buf, l) => {
    for (const which of ['key', 'value'] as const) {
      const src = kv.layers[l][which]; // (1, kvH, W, D)
      for (let h = 0; h < kvHeads; h++) {
        const from = (h * kv.width + kv.width - own) * headDim;
        buf[which].set(src.subarray(from, from + own * headDim), (slot * kvHeads + h) * capacity * headDim);
      }
    }
  });
}

/** Moves slot `indices[i]` to slot i for every i (kept slots move down in order), `size` floats per slot. */
export function moveSlots(buffers: KvBuffers, indices: readonly number[], size: number): void {
  indices.forEach((from, to) => {
    if (from === to) return;
    for (const buf of buffers) {
      buf.key.copyWithin(to * size, from * size, (from + 1) * size);
      buf.value.copyWithin(to * size, from * size, (from + 1) * size);
    }
  });
}

/**
 * Re-lays `slots` slots of (kvHeads, `from`, headDim) as (kvHeads, `to`, headDim), to > from, in place: each
 * (slot, head) block moves up to its new offset, the last first, so none is overwritten before it has moved (the
 * buffers must hold `slots` x kvHeads x `to` x headDim floats). The gaps keep stale finite values: callers mask every
 * slot beyond a row's length.
 */
export function widenSlots(
  buffers: KvBuffers,
  slots: number,
  shape: BatchShape,
  from: number,
  to: number,
): void {
  const { kvHeads, headDim } = shape;
  const a = from * headDim;
  const b = to * headDim;
  for (const buf of buffers)
    for (const data of [buf.key, buf.value])
      for (let block = slots * kvHeads - 1; block > 0; block--)
        data.copyWithin(block * b, block * a, (block + 1) * a);
}

/**
 * The stride (slots per row in the layout) that holds `need` slots: `stride` itself when it does, else `need` plus
 * `growth` or 1/16 of `capacity`, whichever is more (so a layout widens at most ~16 times whatever the capacity: each
 * widening moves the rows once, as much as one step reads), at most `capacity`.
 */
export function widerStride(stride: number, need: number, growth: number, capacity: number): number {
  if (need <= stride) return stride;
  return Math.min(capacity, need + Math.max(growth, Math.ceil(capacity / 16)));
}

/**
 * Make room for `need` slots per row in a layout of `slots` rows at `stride`: the stride `widerStride` gives, the rows
 * moved to it in place (`widenSlots`) when it is wider. Returns the stride now.
 */
export function growLayout(
  buffers: KvBuffers,
  slots: number,
  shape: BatchShape,
  stride: number,
  need: number,
  growth: number,
  capacity: number,
): number {
  const wider = widerStride(stride, need, growth, capacity);
  if (wider !== stride) widenSlots(buffers, slots, shape, stride, wider);
  return wider;
}

/**
 * Writes each row's new key and value (the decode graph's `new_key_values.*` outputs, (R, 1, kvH*D)) into token
 * slot `slotOf(r)` of row r (capacity C), taking the outputs' rows `first` .. `first + rows - 1` (a bucket's rows in
 * a bucketed batch). An element loop rather than set(subarray(...)): R * kvHeads small copies per step, and a
 * subarray view allocated for each cost more than the copy itself.
 */
export function writeNewTokens(
  buffers: KvBuffers,
  out: ort.InferenceSession.OnnxValueMapType,
  rows: number,
  shape: BatchShape,
  capacity: number,
  slotOf: (r: number) => number,
  first = 0,
): void {
  const { kvHeads, headDim } = shape;
  buffers.forEach((buf, l) => {
    for (const which of ['key', 'value'] as const) {
      const fresh = out[which === 'key' ? QWEN_IO.newKey(l) : QWEN_IO.newValue(l)].data as Float32Array;
      const cache = buf[which];
      for (let r = 0; r < rows; r++) {
        const slot = slotOf(r);
        for (let h = 0; h < kvHeads; h++) {
          const at = ((r * kvHeads + h) * capacity + slot) * headDim;
          const from = ((first + r) * kvHeads + h) * headDim;
          for (let d = 0; d < headDim; d++) cache[at + d] = fresh[from + d];
        }
      }
    }
  });
}
