import { randomQwenTensors } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getResponseLogProbs } from '../get-response-log-probs.js';
import { QwenModel } from '../model/qwen-model.js';
import { selectPlatform } from '../platform.js';
import { sineValues, threeAdamWSteps } from '../test-support/adamw-steps.js';
import { wasmPlatformLabel } from '../tfjs-backend.js';
import { tinyQwenConfig } from '../tiny-config.js';
import { ADAMW_UPDATE, registerAdamWUpdate } from './adamw-update.js';
import { ortMatMulStats, setWasmMatMulEngine, wasmMatMulEngine } from './ort-batch-mat-mul.js';

beforeAll(async () => {
  await selectPlatform('wasm');
});
afterAll(() => {
  setWasmMatMulEngine('auto');
});

/** A deterministic pseudo-random tensor (values in [-1, 1)). */
function rand(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  let s = seed >>> 0;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return tf.tensor(data, shape);
}

/**
 * matMul on one engine: values, shape, and how many products ORT ran. minFlops 0 sends every product, however small,
 * to ORT.
 */
function product(engine: 'ort' | 'xnnpack', aShape: number[], bShape: number[], ta: boolean, tb: boolean) {
  setWasmMatMulEngine(engine, { minFlops: 0 });
  const before = ortMatMulStats().calls;
  const a = rand(aShape, 1);
  const b = rand(bShape, 2);
  const y = tf.matMul(a, b, ta, tb);
  const out = { shape: y.shape, values: y.dataSync().slice(), ortCalls: ortMatMulStats().calls - before };
  tf.dispose([a, b, y]);
  return out;
}

/** |x - y| <= tol * max(1, |y|) elementwise, reporting the first index that fails. */
function expectClose(x: ArrayLike<number>, y: ArrayLike<number>, tol: number, what: string): void {
  expect(x.length, what).toBe(y.length);
  for (let i = 0; i < y.length; i++) {
    if (!(Math.abs(x[i] - y[i]) <= tol * Math.max(1, Math.abs(y[i])))) {
      expect.fail(`${what}[${i}]: ${x[i]} vs ${y[i]}`);
    }
  }
}

describe('BatchMatMul on onnxruntime (tfjs.matmul = ort)', () => {
  it('is available here (onnxruntime-node 1.30.0 is a dependency) and is what auto picks', () => {
    expect(setWasmMatMulEngine('ort')).toEqual({ engine: 'ort', threads: 0 });
    expect(setWasmMatMulEngine('auto', { threads: 1 })).toEqual({ engine: 'ort', threads: 1 });
    expect(wasmMatMulEngine()).toEqual({ engine: 'ort', threads: 1 });
    expect(setWasmMatMulEngine('xnnpack')).toEqual({ engine: 'xnnpack', threads: 0 });
    expect(wasmPlatformLabel({ engine: 'ort', threads: 0 })).toBe('wasm/matmul-ort-default-threads');
    expect(wasmPlatformLabel({ engine: 'xnnpack', threads: 0, reason: 'no binding' })).toBe(
      'wasm/matmul-xnnpack (ort unavailable: no binding)',
    );
  });

  it('rejects an unknown engine and a bad thread count', () => {
    expect(() => setWasmMatMulEngine('blas' as never)).toThrow("unknown matmul engine 'blas'");
    expect(() => setWasmMatMulEngine('ort', { threads: -1 })).toThrow('threads must be an integer >= 0');
    expect(() => setWasmMatMulEngine('ort', { threads: 1.5 })).toThrow('threads must be an integer >= 0');
  });

  it('keeps products below minFlops on XNNPACK', () => {
    setWasmMatMulEngine('ort', { minFlops: 2 * 4 * 4 * 4 + 1 });
    const before = ortMatMulStats().calls;
    tf.tidy(() => tf.matMul(rand([4, 4], 1), rand([4, 4], 2)).dataSync());
    expect(ortMatMulStats().calls).toBe(before);
    setWasmMatMulEngine('ort', { minFlops: 2 * 4 * 4 * 4 });
    tf.tidy(() => tf.matMul(rand([4, 4], 1), rand([4, 4], 2)).dataSync());
    expect(ortMatMulStats().calls).toBe(before + 1);
  });

  // [a shape, b shape] before transposes, written as (..., M, K) @ (..., K, N).
  const cases: [string, number[], number[]][] = [
    ['rank 2', [5, 7], [7, 3]],
    ['rank 3, equal batch', [4, 5, 7], [4, 7, 3]],
    ['rank 4, equal batch', [2, 3, 5, 7], [2, 3, 7, 3]],
    ['batch B @ batch 1', [4, 5, 7], [1, 7, 3]],
    ['batch 1 @ batch B', [1, 5, 7], [4, 7, 3]],
    ['rank 3 @ rank 2', [4, 5, 7], [7, 3]],
    ['rank 2 @ rank 4', [5, 7], [2, 3, 7, 3]],
    ['rank 4 (1, 1) @ rank 3', [1, 1, 5, 7], [4, 7, 3]],
    ['general broadcast (XNNPACK fallback)', [2, 1, 5, 7], [1, 3, 7, 3]],
  ];
  const swap = (s: number[]) => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
  for (const [name, aShape, bShape] of cases) {
    for (const [ta, tb] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      it(`equals the XNNPACK path: ${name}, transposeA ${ta}, transposeB ${tb}`, () => {
        const as = ta ? swap(aShape) : aShape;
        const bs = tb ? swap(bShape) : bShape;
        const ort = product('ort', as, bs, ta, tb);
        const xnn = product('xnnpack', as, bs, ta, tb);
        expect(ort.ortCalls).toBe(name.includes('fallback') ? 0 : 1);
        expect(xnn.ortCalls).toBe(0);
        expect(ort.shape).toEqual(xnn.shape);
        expectClose(ort.values, xnn.values, 1e-4, 'product');
      });
    }
  }
});

describe('Sum over leading axes on onnxruntime (ones @ x)', () => {
  it('equals the float64 row sum within 1e-5 for inputs of 64K elements or more, and runs on ORT', () => {
    for (const [shape, axes] of [
      [[300, 250], [0]],
      [
        [3, 100, 250],
        [0, 1],
      ],
    ] as [number[], number[]][]) {
      const x = rand(shape, 5);
      const values = x.dataSync();
      const cols = shape[shape.length - 1];
      const want = new Float64Array(cols);
      for (let i = 0; i < values.length; i++) want[i % cols] += values[i];
      setWasmMatMulEngine('ort');
      const before = ortMatMulStats().calls;
      const got = tf.sum(x, axes);
      expect(ortMatMulStats().calls).toBe(before + 1);
      expect(got.shape).toEqual([cols]);
      expectClose(got.dataSync(), want, 1e-5, 'sum');
      setWasmMatMulEngine('xnnpack');
      const js = tf.sum(x, axes);
      expect(js.dataSync()).toEqual(Float32Array.from(want)); // the JS loop: float64 accumulators, rounded once
      tf.dispose([x, got, js]);
    }
  });
});

describe('AdamW update on onnxruntime', () => {
  it('is bit-identical to the JS kernel and to the tf-ops update over three steps (a parameter of 20K elements)', () => {
    const run = () => threeAdamWSteps(200, 100);
    setWasmMatMulEngine('ort');
    const before = ortMatMulStats().adamwUpdates;
    const onOrt = run();
    expect(ortMatMulStats().adamwUpdates).toBe(before + 3);
    setWasmMatMulEngine('xnnpack');
    const onJs = run();
    expect(ortMatMulStats().adamwUpdates).toBe(before + 3);
    tf.unregisterKernel(ADAMW_UPDATE, 'wasm');
    try {
      const ops = run();
      for (let i = 0; i < 3; i++) {
        expect(onOrt[i]).toEqual(onJs[i]);
        expect(onOrt[i]).toEqual(ops[i]);
      }
      expect(onOrt[0]).not.toEqual(sineValues(1, 200 * 100)); // it did move
    } finally {
      registerAdamWUpdate();
    }
  });
});

describe('a small model on the ORT matMul engine', () => {
  const inputIds = [
    [1, 5, 7, 9, 11, 3, 8, 2],
    [2, 4, 6, 8, 10, 12, 14, 16],
    [10, 20, 30, 40, 50, 60, 33, 1],
  ];
  const labels = inputIds.map((r) => [...r.slice(1), 5]);
  const mask = tf.tensor2d(
    inputIds.map((r) => r.map((_, t) => (t >= 2 ? 1 : 0))),
    undefined,
    'float32',
  );

  /** Masked mean log-prob and its gradient with respect to every weight, on one engine. */
  function lossAndGrads(model: QwenModel, engine: 'ort' | 'xnnpack') {
    setWasmMatMulEngine(engine, { minFlops: 0 });
    const before = ortMatMulStats().calls;
    const vars = [...model.params.values()];
    const { value, grads } = tf.variableGrads(
      () => tf.div(tf.sum(tf.mul(getResponseLogProbs(model, inputIds, labels).logProbs, mask)), tf.sum(mask)),
      vars,
    );
    const out = {
      loss: value.dataSync()[0],
      grads: new Map(
        [...model.params].map(([name, v]) => [name, Float32Array.from(grads[v.name].dataSync())]),
      ),
      ortCalls: ortMatMulStats().calls - before,
    };
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  }

  for (const modelType of ['qwen2', 'qwen3'] as const) {
    it(`${modelType}: the same loss and gradients as on XNNPACK (forward and backward products on ORT)`, () => {
      const config = tinyQwenConfig({ modelType });
      const model = new QwenModel(config, randomQwenTensors(config, { seed: 3, std: 0.3, normNoise: 0.1 }));
      const xnn = lossAndGrads(model, 'xnnpack');
      const ort = lossAndGrads(model, 'ort');
      expect(xnn.ortCalls).toBe(0);
      // Per layer: q, k, v, o, gate, up, down, two attention products, forward and twice backward; and the head.
      expect(ort.ortCalls).toBeGreaterThanOrEqual(config.numHiddenLayers * 9 * 3);
      expect(Math.abs(ort.loss - xnn.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(xnn.loss));
      for (const [name, g] of xnn.grads) {
        const scale = g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expect(scale, name).toBeGreaterThan(0);
        // Elementwise within 1e-4 of the tensor's largest gradient: summation order differs between the GEMMs.
        const got = ort.grads.get(name)!;
        for (let i = 0; i < g.length; i++) {
          if (!(Math.abs(got[i] - g[i]) <= 1e-4 * scale)) expect.fail(`${name}[${i}]: ${got[i]} vs ${g[i]}`);
        }
      }
      model.dispose();
    });
  }

  it('leaks no tensors: the tensor count is flat over repeated products and gradients', () => {
    const config = tinyQwenConfig();
    const model = new QwenModel(config, randomQwenTensors(config, { seed: 4 }));
    lossAndGrads(model, 'ort'); // warm-up
    const start = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      lossAndGrads(model, 'ort');
      product('ort', [3, 5, 7], [1, 3, 7], false, true);
      product('ort', [2, 3, 7, 5], [2, 3, 7, 3], true, false);
      expect(tf.memory().numTensors).toBe(start);
    }
    model.dispose();
  });
});
