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
