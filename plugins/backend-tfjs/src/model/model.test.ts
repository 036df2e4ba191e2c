import { randomQwenTensors } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectPlatform } from '../platform.js';
import { tinyQwenConfig } from '../tiny-config.js';
import { additiveAttentionMask, MASKED } from './attention-mask.js';
import { KvCache } from './kv-cache.js';
import { QwenModel } from './qwen-model.js';
import { rmsNorm } from './rms-norm.js';
import { applyRope, positionsFromMask, ropeTables } from './rope.js';

beforeAll(async () => {
  await selectPlatform('auto');
});

describe('additiveAttentionMask', () => {
  const M = MASKED; // (v + 0 below turns the mask's -0 into 0)
  it('masks keys after the query (causal), shaped (1, 1, 1, T, T)', () => {
    const mask = additiveAttentionMask(2, 3);
    expect(mask.shape).toEqual([1, 1, 1, 3, 3]);
    expect(Array.from(mask.dataSync(), (v) => v + 0)).toEqual([0, M, M, 0, 0, M, 0, 0, 0]);
    mask.dispose();
  });
  it('also masks padded keys per row, shaped (B, 1, 1, T, T)', () => {
    const keyMask = tf.tensor2d([
      [0, 1, 1],
      [1, 1, 1],
    ]);
    const mask = additiveAttentionMask(2, 3, keyMask);
    expect(mask.shape).toEqual([2, 1, 1, 3, 3]);
    expect(Array.from(mask.dataSync(), (v) => v + 0)).toEqual([
      M,
      M,
      M,
      M,
      0,
      M,
      M,
      0,
      0,
      0,
      M,
      M,
      0,
      0,
      M,
      0,
      0,
      0,
    ]);
    tf.dispose([mask, keyMask]);
  });
});

describe('rmsNorm', () => {
  it('scales by 1/rms and the weight', () => {
    // x = [3, 4]: mean square 12.5, rms 3.5355; weight [1, 2] -> [0.8485, 2.2627]
    const y = tf.tidy(() => rmsNorm(tf.tensor2d([[3, 4]]), tf.tensor1d([1, 2]), 0).dataSync());
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(12.5), 6);
    expect(y[1]).toBeCloseTo((2 * 4) / Math.sqrt(12.5), 6);
  });
});

describe('rope', () => {
  it('rotates each (i, i + d/2) pair by pos * theta^(-2i/d)', () => {
    // headDim 4, theta 100: inv_freq = [1, 0.1]. Position 2: angles [2, 0.2].
    const { cos, sin } = ropeTables([[0, 2]], 4, 100);
    const x = tf.tensor4d([1, 2, 3, 4, 1, 2, 3, 4], [1, 1, 2, 4]);
    const y = tf.tidy(() => applyRope(x, cos, sin).arraySync()[0][0]);
    expect(y[0]).toEqual([1, 2, 3, 4].map((v) => expect.closeTo(v, 6))); // position 0: identity
    // pairs (x0, x2) = (1, 3) by angle 2 and (x1, x3) = (2, 4) by angle 0.2: (a cos - b sin, b cos + a sin)
    const rot = (a: number, b: number, t: number) => [
      a * Math.cos(t) - b * Math.sin(t),
      b * Math.cos(t) + a * Math.sin(t),
    ];
    const [r0, r2] = rot(1, 3, 2);
    const [r1, r3] = rot(2, 4, 0.2);
    for (const [i, v] of [r0, r1, r2, r3].entries()) expect(y[1][i]).toBeCloseTo(v, 5);
  });
  it('tables hold cos/sin of pos * inv_freq for every (row, position), repeated positions included', () => {
    // headDim 4, theta 100: inv_freq = [1, 0.1]; rows with repeats (left padding) and positions shared across rows.
    const positions = [
      [0, 0, 1, 5],
      [3, 1, 1, 0],
    ];
    const { cos, sin } = ropeTables(positions, 4, 100);
    expect(cos.shape).toEqual([2, 1, 4, 4]);
    const [c, s] = [cos.dataSync(), sin.dataSync()];
    positions.flat().forEach((p, n) => {
      for (const [i, f] of [1, 0.1].entries()) {
        const angle = Math.fround(p * Math.fround(f));
        for (const j of [i, i + 2]) {
          expect(c[n * 4 + j]).toBeCloseTo(Math.cos(angle), 6);
          expect(s[n * 4 + j]).toBeCloseTo(Math.sin(angle), 6);
        }
      }
    });
    tf.dispose([cos, sin]);
  });
  it('derives left-padding positions from the mask', () => {
    expect(
      positionsFromMask([
        [0, 0, 1, 1, 1],
        [1, 1, 1, 1, 1],
      ]),
    ).toEqual([
      [0, 0, 0, 1, 2],
      [0, 1, 2, 3, 4],
    ]);
  });
});

describe.each(['qwen2', 'qwen3'] as const)('QwenModel (%s)', (modelType) => {
  const config = tinyQwenConfig({ modelType });
  let model: QwenModel;
  beforeAll(() => {
    model = new QwenModel(config, randomQwenTensors(config, { seed: 5, std: 0.3, normNoise: 0.1 }));
  });

  it('gives a left-padded row (with mask and positions) the logits of the unpadded row', () => {
    const row = [5, 9, 13, 2, 40];
    const plain = tf.tidy(() => model.logits([row]).arraySync()[0]);
    const mask = [
      [0, 0, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 1, 1],
    ];
    const padded = tf.tidy(() =>
      model
        .logits(
          [
            [0, 0, ...row],
            [1, 2, ...row],
          ],
          { attentionMask: mask, positionIds: positionsFromMask(mask) },
        )
        .arraySync(),
    );
    let diff = 0;
    for (let t = 0; t < row.length; t++) {
      for (const [j, v] of plain[t].entries()) diff = Math.max(diff, Math.abs(v - padded[0][t + 2][j]));
    }
    expect(diff).toBeLessThan(1e-5);
    // the second row sees different context, so it must differ (the mask is doing something)
    expect(Math.abs(padded[1][6][0] - padded[0][6][0])).toBeGreaterThan(1e-4);
  });

  it('decodes incrementally with a KV cache to the logits of the full forward (left-padded prefill)', () => {
    const rows = [
      [0, 0, 7, 8, 9],
      [3, 4, 5, 6, 2],
    ];
    const mask = [
      [0, 0, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ];
    const next = [
      [11, 12],
      [13, 14],
    ];
    const cache = new KvCache();
    const steps = [tf.tidy(() => model.decodeStep(rows, cache, mask).arraySync())];
    for (let s = 0; s < 2; s++)
      steps.push(
        tf.tidy(() =>
          model
            .decodeStep(
              next.map((n) => [n[s]]),
              cache,
            )
            .arraySync(),
        ),
      );
    cache.dispose();
    const fullIds = rows.map((r, i) => [...r, ...next[i]]);
    const fullMask = mask.map((m) => [...m, 1, 1]);
    const full = tf.tidy(() =>
      model
        .logits(fullIds, { attentionMask: fullMask, positionIds: positionsFromMask(fullMask) })
        .arraySync(),
    );
    let diff = 0;
    for (const [s, logits] of steps.entries()) {
      for (const [b, row] of logits.entries()) {
        for (const [j, v] of row.entries()) diff = Math.max(diff, Math.abs(v - full[b][4 + s][j]));
      }
    }
    expect(diff).toBeLessThan(1e-5);
  });

  it('is causal: changing a later token leaves earlier logits unchanged', () => {
    const a = tf.tidy(() => model.logits([[1, 2, 3, 4]]).arraySync()[0]);
    const b = tf.tidy(() => model.logits([[1, 2, 3, 60]]).arraySync()[0]);
    expect(a[2]).toEqual(b[2]);
    expect(a[3]).not.toEqual(b[3]);
  });

  it('rejects bad input with the reason', () => {
    expect(() => model.hidden([[1, 2], [3]])).toThrow(/rectangular/);
    expect(() => model.hidden([[1, 64]])).toThrow(/token id 64 is outside the vocabulary \[0, 64\)/);
    expect(() => new QwenModel(config, new Map())).toThrow(/missing tensor 'model.embed_tokens.weight'/);
  });

  it('exports and imports weights by HF name', () => {
    const t = model.exportTensors();
    expect([...t.keys()].includes('lm_head.weight')).toBe(!config.tieWordEmbeddings);
    const norm = t.get('model.norm.weight')!;
    model.importTensors(
      new Map([
        ['model.norm.weight', { shape: norm.shape, data: new Float32Array(norm.data.length).fill(2) }],
      ]),
    );
    expect([...model.param('model.norm.weight').dataSync()].every((v) => v === 2)).toBe(true);
    model.importTensors(new Map([['model.norm.weight', norm]]));
    expect(() =>
      model.importTensors(new Map([['model.norm.weight', { shape: [3], data: new Float32Array(3) }]])),
    ).toThrow(/has shape \[3\], expected \[32\]/);
  });
});
