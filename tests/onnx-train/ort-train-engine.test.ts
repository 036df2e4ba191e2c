import { join } from 'node:path';
import { getResponseLogProbs, QwenModel, selectPlatform, tf } from '@reasonrl/backend-tfjs';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { OrtTrainEngine } from '@reasonrl/onnx-train';
import { beforeAll, describe, expect, it } from 'vitest';

const HF_TINY = join(import.meta.dirname, '../../../shared/conformance/hf-tiny');

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

beforeAll(async () => {
  await selectPlatform('cpu');
});

describe.each(['qwen2-tiny', 'qwen3-tiny'])('OrtTrainEngine on %s against tfjs autodiff', (name) => {
  for (const padded of [false, true]) {
    it(`log-probs, entropies and every weight's gradient agree${padded ? ' (left padding mask)' : ''}`, async () => {
      const { config, tensors } = await loadCheckpoint(join(HF_TINY, name));
      const rand = rng(padded ? 7 : 3);
      const B = 3;
      const T = 11;
      const ids = Array.from({ length: B }, () =>
        Array.from({ length: T }, () => Math.floor(rand() * config.vocabSize)),
      );
      const labels = Array.from({ length: B }, () =>
        Array.from({ length: T }, () => Math.floor(rand() * config.vocabSize)),
      );
      const mask = padded ? ids.map((row, r) => row.map((_, t) => (t < r * 2 ? 0 : 1))) : undefined;
      // the loss sum(w * logp) + sum(e * entropy) has d/dlogp = w and d/dentropy = e; padding positions carry no
      // loss (as every real loss masks them): what a padding query sees is arbitrary (tfjs spreads it uniformly
      // over the masked keys, onnx-qwen's attentionBias over all keys)
      const real = (i: number) => (mask ? mask[Math.floor(i / T)][i % T] : 1);
      const w = Float32Array.from({ length: B * T }, (_, i) => (rand() - 0.5) * real(i));
      const e = Float32Array.from({ length: B * T }, (_, i) => (rand() - 0.5) * real(i));
      const onReal = (x: ArrayLike<number>) => Array.from(x, (v, i) => v * real(i));

      const model = QwenModel.fromCheckpoint({ config, tensors } as never);
      const { value, grads } = tf.variableGrads(() => {
        const out = getResponseLogProbs(model, ids, labels, true, { attentionMask: mask });
        return tf.add(
          tf.sum(tf.mul(out.logProbs, tf.tensor2d(w, [B, T]))),
          tf.sum(tf.mul(out.tokenEntropy!, tf.tensor2d(e, [B, T]))),
        ) as tf.Scalar;
      });
      value.dispose();
      const ref = getResponseLogProbs(model, ids, labels, true, { attentionMask: mask });
      const refLogp = ref.logProbs.dataSync();
      const refEnt = ref.tokenEntropy!.dataSync();

      const engine = await OrtTrainEngine.create(config, { intraOpNumThreads: 1 });
      const weights = new Map([...tensors].map(([k, t]) => [k, t.data]));
      const pass = await engine.forward(weights, { inputIds: ids, labels, attentionMask: mask });
      expect(maxAbsDiff(onReal(pass.logProbs), onReal(refLogp))).toBeLessThan(1e-4);
      expect(maxAbsDiff(onReal(pass.entropy), onReal(refEnt))).toBeLessThan(1e-4);
      const ours = await engine.backward(pass, w, e);
      await engine.dispose();

      const byVar = new Map([...model.params].map(([hf, v]) => [v.name, hf]));
      const checked: string[] = [];
      for (const [varName, g] of Object.entries(grads)) {
        const hf = byVar.get(varName)!;
        const expected = g.dataSync();
        const got = ours.get(hf)!;
        expect(got, hf).toBeDefined();
        expect(got.length).toBe(expected.length);
        const scale = Math.max(1, maxAbs(expected));
        expect(maxAbsDiff(got, expected) / scale, hf).toBeLessThan(2e-4);
        checked.push(hf);
      }
      expect(checked.sort()).toEqual([...ours.keys()].sort());
      tf.dispose(Object.values(grads));
      tf.dispose([ref.logProbs, ref.tokenEntropy!]);
      model.dispose();
    });
  }
});
