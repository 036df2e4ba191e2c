import {
  expectedTensorShapes,
  type ModelConfig,
  mulberry32,
  randomQwenTensors,
  tinyQwenConfig,
} from '@reasonrl/hf-checkpoint';
import { describe, expect, it } from 'vitest';
import { OrtTrainEngine } from './ort-train-engine.js';
import { buildTrainGraphs } from './train-graphs.js';

// heads of width 6 (not a multiple of 16), an intermediate size unlike hidden, a vocabulary of 40
const tiny = (modelType: 'qwen2' | 'qwen3'): ModelConfig =>
  tinyQwenConfig({
    modelType,
    vocabSize: 40,
    hiddenSize: 16,
    intermediateSize: 24,
    headDim: 6,
    maxPositionEmbeddings: 64,
  });

describe('buildTrainGraphs', () => {
  it('declares one gradient per weight and the activations each layer saves', () => {
    for (const type of ['qwen2', 'qwen3'] as const) {
      const config = tiny(type);
      const graphs = buildTrainGraphs(config);
      expect(graphs.weightNames).toEqual([...expectedTensorShapes(config).keys()]);
      // 9 per layer (+ q/k before their norm on Qwen3) and 3 for the head
      expect(graphs.savedNames.length).toBe(2 * (type === 'qwen3' ? 11 : 9) + 3);
    }
  });

  it('rejects configs it cannot build', () => {
    expect(() => buildTrainGraphs({ ...tiny('qwen2'), numKeyValueHeads: 3 })).toThrow(/not a multiple/);
    expect(() => buildTrainGraphs({ ...tiny('qwen2'), headDim: 5 })).toThrow(/must be even/);
  });
});

describe.each(['qwen2', 'qwen3'] as const)('OrtTrainEngine gradients on a %s model', (type) => {
  it('match central finite differences of the loss sum(w * logp) + sum(e * entropy)', async () => {
    const config = tiny(type);
    const tensors = randomQwenTensors(config, { seed: 3, std: 0.4, normNoise: 0.2 });
    const weights = new Map([...tensors].map(([k, t]) => [k, Float64Array.from(t.data)]));
    const rand = mulberry32(9);
    const B = 2;
    const T = 5;
    const inputIds = Array.from({ length: B }, () =>
      Array.from({ length: T }, () => Math.floor(rand() * 40)),
    );
    const labels = Array.from({ length: B }, () => Array.from({ length: T }, () => Math.floor(rand() * 40)));
    const w = Float32Array.from({ length: B * T }, () => rand() - 0.5);
    const e = Float32Array.from({ length: B * T }, () => rand() - 0.5);
    const engine = await OrtTrainEngine.create(config, { intraOpNumThreads: 1 });
    const asF32 = () => new Map([...weights].map(([k, v]) => [k, Float32Array.from(v)]));
    const lossAt = async () => {
      const pass = await engine.forward(asF32(), { inputIds, labels });
      let s = 0;
      for (let i = 0; i < B * T; i++) s += w[i] * pass.logProbs[i] + e[i] * pass.entropy[i];
      return s;
    };
    const grads = await engine.backward(await engine.forward(asF32(), { inputIds, labels }), w, e);
    const h = 1e-2;
    for (const [name, values] of weights) {
      // the entry with the largest gradient (well above float32 noise) and one random entry
      const g = grads.get(name)!;
      let top = 0;
      for (let i = 1; i < g.length; i++) if (Math.abs(g[i]) > Math.abs(g[top])) top = i;
      for (const i of [top, Math.floor(rand() * values.length)]) {
        const keep = values[i];
        values[i] = keep + h;
        const up = await lossAt();
        values[i] = keep - h;
        const down = await lossAt();
        values[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(g[i] - numeric), `${name}[${i}]: ${g[i]} vs ${numeric}`).toBeLessThan(
          2e-3 + 2e-2 * Math.abs(numeric),
        );
      }
    }
    await engine.dispose();
  });
});

describe.each(['qwen2', 'qwen3'] as const)('OrtTrainEngine.step and .score on a %s model', (type) => {
  it('return the log-probs, entropies (and gradients) of forward then backward (one graph, same numbers)', async () => {
    const config = tiny(type);
    const weights = new Map(
      [...randomQwenTensors(config, { seed: 5, std: 0.3 })].map(([k, t]) => [k, t.data]),
    );
    const rand = mulberry32(11);
    const B = 3;
    const T = 7;
    const inputIds = Array.from({ length: B }, () =>
      Array.from({ length: T }, () => Math.floor(rand() * 40)),
    );
    const labels = Array.from({ length: B }, () => Array.from({ length: T }, () => Math.floor(rand() * 40)));
    // left padding on row 1: its first two positions are masked out
    const attentionMask = [new Array(T).fill(1), [0, 0, ...new Array(T - 2).fill(1)], new Array(T).fill(1)];
    const dLogProbs = Float32Array.from({ length: B * T }, () => rand() - 0.5);
    const dEntropy = Float32Array.from({ length: B * T }, () => rand() - 0.5);
    const engine = await OrtTrainEngine.create(config, { intraOpNumThreads: 1 });
    for (const mask of [undefined, attentionMask]) {
      const batch = { inputIds, labels, attentionMask: mask };
      for (const dEnt of [undefined, dEntropy]) {
        const pass = await engine.forward(weights, batch);
        const logProbs = pass.logProbs.slice();
        const entropy = pass.entropy.slice();
        const twoPass = await engine.backward(pass, dLogProbs, dEnt);
        const fused = await engine.step(weights, batch, dLogProbs, dEnt);
        expect([fused.batch, fused.length]).toEqual([B, T]);
        const close = (a: Float32Array, b: Float32Array, what: string) => {
          let scale = 0;
          for (const v of b) scale = Math.max(scale, Math.abs(v));
          for (let i = 0; i < a.length; i++)
            expect(Math.abs(a[i] - b[i]), `${what}[${i}]`).toBeLessThanOrEqual(1e-6 * scale);
        };
        close(fused.logProbs, logProbs, 'logProbs');
        close(fused.entropy, entropy, 'entropy');
        const scored = await engine.score(weights, batch); // the forward graph without its activation outputs
        expect([scored.batch, scored.length]).toEqual([B, T]);
        close(scored.logProbs, logProbs, 'scored logProbs');
        close(scored.entropy, entropy, 'scored entropy');
        expect([...fused.grads.keys()]).toEqual([...twoPass.keys()]);
        for (const [name, g] of twoPass) close(fused.grads.get(name)!, g, name);
      }
    }
    await engine.dispose();
  });
});

describe('OrtTrainEngine determinism', () => {
  it('gives bit-identical gradients on every run with the default threads (embedding rows with repeated ids)', async () => {
    const config = tiny('qwen2');
    const weights = new Map([...randomQwenTensors(config, { seed: 2 })].map(([k, t]) => [k, t.data]));
    const rand = mulberry32(4);
    // 8 x 64 tokens over a 40-token vocabulary: every id repeats ~13 times
    const inputIds = Array.from({ length: 8 }, () =>
      Array.from({ length: 64 }, () => Math.floor(rand() * 40)),
    );
    const dLogProbs = Float32Array.from({ length: 8 * 64 }, () => rand() - 0.5);
    const engine = await OrtTrainEngine.create(config);
    const run = async () =>
      engine.backward(await engine.forward(weights, { inputIds, labels: inputIds }), dLogProbs);
    const first = await run();
    for (let i = 0; i < 3; i++) {
      const again = await run();
      for (const [name, g] of first) expect(again.get(name), name).toEqual(g);
    }
    await engine.dispose();
  });
});

describe('OrtTrainEngine input checks', () => {
  it('names the bad token, the missing weight and the misshaped gradient input', async () => {
    const config = tiny('qwen2');
    const weights = new Map([...randomQwenTensors(config)].map(([k, t]) => [k, t.data]));
    const engine = await OrtTrainEngine.create(config, { intraOpNumThreads: 1 });
    await expect(engine.forward(weights, { inputIds: [[1, 99]], labels: [[1, 2]] })).rejects.toThrow(
      /token id 99 \(row 0, position 1\) is outside the vocabulary \[0, 40\)/,
    );
    await expect(engine.forward(weights, { inputIds: [[1, 2]], labels: [[1]] })).rejects.toThrow(
      /labels must have/,
    );
    const partial = new Map(weights);
    partial.delete('model.norm.weight');
    await expect(engine.forward(partial, { inputIds: [[1, 2]], labels: [[1, 2]] })).rejects.toThrow(
      /missing weight 'model.norm.weight'/,
    );
    const pass = await engine.forward(weights, { inputIds: [[1, 2]], labels: [[1, 2]] });
    await expect(engine.backward(pass, new Float32Array(3))).rejects.toThrow(
      /dLogProbs has 3 values, expected 2/,
    );
    await expect(
      engine.step(weights, { inputIds: [[1, 2]], labels: [[1, 2]] }, new Float32Array(3)),
    ).rejects.toThrow(/step: dLogProbs has 3 values, expected 2/);
    await expect(
      engine.step(
        weights,
        { inputIds: [[1, 2]], labels: [[1, 2]] },
        new Float32Array(2),
        new Float32Array(1),
      ),
    ).rejects.toThrow(/step: dEntropy has 1 values, expected 2/);
    await expect(
      engine.step(partial, { inputIds: [[1, 2]], labels: [[1, 2]] }, new Float32Array(2)),
    ).rejects.toThrow(/step: missing weight 'model.norm.weight'/);
    await expect(engine.score(partial, { inputIds: [[1, 2]], labels: [[1, 2]] })).rejects.toThrow(
      /score: missing weight 'model.norm.weight'/,
    );
    await engine.dispose();
  });
});
