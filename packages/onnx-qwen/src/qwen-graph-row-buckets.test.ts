import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MASKED } from './attention-bias.js';
import { buildQwenGraph, QWEN_IO } from './qwen-graph.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));
const int64 = (v: number[], dims: number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);

/** A deterministic pseudo-random value in [-1, 1) per (seed, index). */
const noise = (seed: number, i: number) => {
  const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
};

describe.each([false, true])('static decode with row buckets (shared prefix: %s)', (sharedPrefix) => {
  it('gives the logits and new keys/values of the one-capacity graph, bucket by bucket, an empty bucket included', async () => {
    const { config, tensors } = await loadCheckpoint(`${HF_TINY}qwen2-tiny`);
    const { numKeyValueHeads: kvH, headDim: D, numHiddenLayers: L, vocabSize: V } = config;
    const open = async (rowBuckets: number) => {
      const graph = buildQwenGraph(config, tensors, {
        kind: 'decode',
        weights: 'inputs',
        attention: 'static',
        sharedPrefix,
        rowBuckets,
      });
      return ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 1 });
    };
    const plain = await open(1);
    const bucketed = await open(3);
    const weights: Record<string, ort.Tensor> = {};
    for (const [name, t] of tensors) weights[name] = new ort.Tensor('float32', t.data, t.shape);

    const P = sharedPrefix ? 7 : 0;
    // own tokens (after the prefix) of 5 rows; buckets: rows 0, 3 (capacity 6), none (capacity 1), rows 1, 2, 4 (40)
    const own = [3, 25, 39, 5, 12];
    const buckets = [
      { rows: [0, 3], capacity: 6 },
      { rows: [] as number[], capacity: 1 },
      { rows: [1, 2, 4], capacity: 40 },
    ];
    const B = own.length;
    const C = 44; // the one capacity of the plain graph
    /** The row's cached key/value at (layer, kv, head, slot, d): real up to its length, then garbage (masked). */
    const cached = (l: number, kv: number, r: number, h: number, s: number, d: number) =>
      s < own[r] ? noise(1 + l * 4 + kv * 2 + r * 16 + h, s * D + d) : 1e3 * (1 + r + s);
    const fill = (rows: number[], capacity: number, l: number, kv: number) => {
      const data = new Float32Array(rows.length * kvH * capacity * D);
      rows.forEach((r, i) => {
        for (let h = 0; h < kvH; h++)
          for (let s = 0; s < capacity; s++)
            for (let d = 0; d < D; d++)
              data[((i * kvH + h) * capacity + s) * D + d] = cached(l, kv, r, h, s, d);
      });
      return new ort.Tensor('float32', data, [rows.length, kvH, capacity, D]);
    };
    const bias = (rows: number[], capacity: number) => {
      const b = new Float32Array(rows.length * capacity);
      rows.forEach((r, i) => {
        b.fill(MASKED, i * capacity + own[r], (i + 1) * capacity);
      });
      return new ort.Tensor('float32', b, [rows.length, 1, 1, 1, capacity]);
    };
    const order = buckets.flatMap((b) => b.rows); // the bucketed graph's batch order
    const tokens = [5, 17, 101, 42, 77];
    const positions = own.map((n) => P + n);
    const shared: Record<string, ort.Tensor> = { ...weights };
    if (sharedPrefix)
      for (let l = 0; l < L; l++) {
        const prefix = (kv: number) =>
          new ort.Tensor(
            'float32',
            Float32Array.from({ length: kvH * P * D }, (_, i) => noise(900 + l * 2 + kv, i)),
            [kvH, P, D],
          );
        shared[QWEN_IO.prefixKey(l)] = prefix(0);
        shared[QWEN_IO.prefixValue(l)] = prefix(1);
      }
    const all = [...Array(B).keys()];
    const feedsPlain: Record<string, ort.Tensor> = {
      ...shared,
      [QWEN_IO.inputIds]: int64(tokens, [B, 1]),
      [QWEN_IO.positionIds]: int64(positions, [B, 1]),
      [QWEN_IO.attentionBias]: bias(all, C),
    };
    const feedsBuckets: Record<string, ort.Tensor> = {
      ...shared,
      [QWEN_IO.inputIds]: int64(
        order.map((r) => tokens[r]),
        [B, 1],
      ),
      [QWEN_IO.positionIds]: int64(
        order.map((r) => positions[r]),
        [B, 1],
      ),
    };
    buckets.forEach(({ rows, capacity }, k) => {
      feedsBuckets[QWEN_IO.bucketBias(k)] = bias(rows, capacity);
    });
    for (let l = 0; l < L; l++) {
      feedsPlain[QWEN_IO.pastKey(l)] = fill(all, C, l, 0);
      feedsPlain[QWEN_IO.pastValue(l)] = fill(all, C, l, 1);
      buckets.forEach(({ rows, capacity }, k) => {
        feedsBuckets[QWEN_IO.bucketKey(l, k)] = fill(rows, capacity, l, 0);
        feedsBuckets[QWEN_IO.bucketValue(l, k)] = fill(rows, capacity, l, 1);
      });
    }
    expect(QWEN_IO.bucketKey(1, 0)).toBe(QWEN_IO.pastKey(1));
    expect(QWEN_IO.bucketBias(0)).toBe(QWEN_IO.attentionBias);
    const a = await plain.run(feedsPlain);
    const b = await bucketed.run(feedsBuckets);
    const compare = (name: string, width: number) => {
      const x = a[name].data as Float32Array;
      const y = b[name].data as Float32Array;
      expect(y).toHaveLength(B * width);
      let diff = 0;
      order.forEach((r, i) => {
        for (let j = 0; j < width; j++) diff = Math.max(diff, Math.abs(x[r * width + j] - y[i * width + j]));
      });
      return diff;
    };
    const logits = a[QWEN_IO.logits].data as Float32Array;
    expect(logits.every(Number.isFinite)).toBe(true);
    expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(0.1); // not a degenerate output
    expect(compare(QWEN_IO.logits, V)).toBeLessThan(1e-5);
    for (let l = 0; l < L; l++) {
      expect(compare(QWEN_IO.newKey(l), kvH * D)).toBeLessThan(1e-5);
      expect(compare(QWEN_IO.newValue(l), kvH * D)).toBeLessThan(1e-5);
    }
    await plain.release();
    await bucketed.release();
  });

  it('is refused with prompt groups or outside the static decode graph', async () => {
    const { config, tensors } = await loadCheckpoint(`${HF_TINY}qwen2-tiny`);
    expect(() =>
      buildQwenGraph(config, tensors, {
        kind: 'decode',
        weights: 'inputs',
        attention: 'static',
        sharedPrefix: true,
        promptGroups: true,
        rowBuckets: 2,
      }),
    ).toThrow(/rowBuckets/);
    expect(() =>
      buildQwenGraph(config, tensors, { kind: 'decode', weights: 'inputs', attention: 'gqa', rowBuckets: 2 }),
    ).toThrow(/rowBuckets/);
  });
});
