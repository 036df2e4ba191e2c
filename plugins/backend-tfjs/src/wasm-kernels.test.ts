import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectPlatform } from './platform.js';

beforeAll(async () => {
  await selectPlatform('wasm');
});

describe('wasm UnsortedSegmentSum (gradient of gather)', () => {
  it('sums rows into their segments, dropping out-of-range ids', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const out = tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5], 'int32'), 3);
    expect(out.arraySync()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
  });

  it('makes embedding gradients work: d/dE sum(w * gather(E, ids)) adds w rows per id', () => {
    const e = tf.variable(tf.zeros([4, 2]));
    const ids = tf.tensor1d([1, 3, 1], 'int32');
    const w = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.gather(e, ids), w)), [e]);
    expect(grads[e.name].arraySync()).toEqual([
      [0, 0],
      [6, 8],
      [0, 0],
      [3, 4],
    ]);
  });
});

describe('wasm BatchMatMul wrapper (transposes and batches routed to the XNNPACK path)', () => {
  it('matches hand-computed products for every transpose combination and batched shapes', () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ]; // (2, 3)
    const b = [
      [1, 0],
      [0, 1],
      [1, 1],
    ]; // (3, 2)
    const ab = [
      [4, 5],
      [10, 11],
    ];
    const T = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));
    const mm = (x: number[][], y: number[][], ta: boolean, tb: boolean) =>
      tf.tidy(() => tf.matMul(tf.tensor2d(x), tf.tensor2d(y), ta, tb).arraySync());
    expect(mm(a, b, false, false)).toEqual(ab);
    expect(mm(T(a), b, true, false)).toEqual(ab);
    expect(mm(a, T(b), false, true)).toEqual(ab);
    expect(mm(T(a), T(b), true, true)).toEqual(ab);
    // batch 3 with (2, 3) x (3, 2): batch k scales b by k+1; and a batch-1 b broadcast against batch-3 a.
    const A = tf.tensor3d([a, a, a]);
    const B = tf.tensor3d([b, b.map((r) => r.map((v) => 2 * v)), b.map((r) => r.map((v) => 3 * v))]);
    expect(tf.matMul(A, B).arraySync()).toEqual([
      ab,
      ab.map((r) => r.map((v) => 2 * v)),
      ab.map((r) => r.map((v) => 3 * v)),
    ]);
    expect(tf.matMul(A, tf.tensor3d([T(b)]), false, true).arraySync()).toEqual([ab, ab, ab]);
    // rank 4 (B, heads, M, K) x (B, heads, N, K)^T, as attention uses it
    const q = tf.reshape(tf.range(0, 24), [2, 2, 2, 3]);
    const got = tf.matMul(q, q, false, true).arraySync() as number[][][][];
    const qa = q.arraySync() as number[][][][];
    const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
    const want = qa.map((bb) => bb.map((h) => h.map((r) => h.map((c) => dot(r, c)))));
    expect(got).toEqual(want);
  });
});

describe('wasm kernels replaced for speed (same results as the definitions)', () => {
  it('Identity and same-dtype Cast share the buffer; the copy outlives its source; real casts convert', () => {
    const x = tf.tensor2d([
      [1.5, -2],
      [3, 4],
    ]);
    const c = tf.clone(x);
    const same = tf.cast(x, 'float32');
    x.dispose();
    expect(c.arraySync()).toEqual([
      [1.5, -2],
      [3, 4],
    ]);
    expect(same.arraySync()).toEqual(c.arraySync());
    expect(tf.cast(c, 'int32').arraySync()).toEqual([
      [1, -2],
      [3, 4],
    ]);
    tf.dispose([c, same]);
  });

  it('GatherV2 on axis 0 copies rows (any index shape) and rejects out-of-range ids', () => {
    const e = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
      [
        [9, 10],
        [11, 12],
      ],
    ]); // (3, 2, 2)
    expect(tf.gather(e, tf.tensor2d([[2, 0]], [1, 2], 'int32')).arraySync()).toEqual([
      [
        [
          [9, 10],
          [11, 12],
        ],
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]);
    // axis 1 still goes to the original kernel
    expect(tf.gather(e, tf.tensor1d([1], 'int32'), 1).arraySync()).toEqual([[[3, 4]], [[7, 8]], [[11, 12]]]);
    expect(() => tf.gather(e, tf.tensor1d([3], 'int32'))).toThrow(/index value 3/);
  });

  it('Sum over leading axes equals the row-by-row sum; other axes unchanged', () => {
    const values = Array.from({ length: 24 }, (_, i) => (i % 7) - 2.5);
    const x = tf.tensor3d(values, [2, 3, 4]);
    const byLast = (axisCount: number) => {
      const cols = 24 / [1, 2, 6][axisCount];
      const rows = 24 / cols;
      return Array.from({ length: cols }, (_, c) =>
        Array.from({ length: rows }, (_, r) => values[r * cols + c]).reduce((s, v) => s + v, 0),
      );
    };
    expect(tf.sum(x, 0).dataSync()).toEqual(Float32Array.from(byLast(1)));
    expect(tf.sum(x, [1, 0]).dataSync()).toEqual(Float32Array.from(byLast(2)));
    expect(tf.sum(x, [0, 1], true).shape).toEqual([1, 1, 4]);
    expect(tf.sum(x, 0).shape).toEqual([3, 4]);
    // the last axis stays with the original kernel: sums of consecutive groups of 4
    const groups = Array.from({ length: 6 }, (_, g) =>
      values.slice(4 * g, 4 * g + 4).reduce((a, v) => a + v, 0),
    );
    expect(tf.sum(x, 2).dataSync()).toEqual(Float32Array.from(groups));
  });
});
