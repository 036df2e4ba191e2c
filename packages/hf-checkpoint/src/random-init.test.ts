import { describe, expect, it } from 'vitest';
import { expectedTensorShapes } from './expected-tensors.js';
import type { ModelConfig } from './model-config.js';
import { mulberry32, randomQwenTensors } from './random-init.js';

const config: ModelConfig = {
  modelType: 'qwen3',
  vocabSize: 64,
  hiddenSize: 32,
  intermediateSize: 48,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  headDim: 16,
  rmsNormEps: 1e-6,
  ropeTheta: 1e6,
  maxPositionEmbeddings: 128,
  tieWordEmbeddings: false,
  attentionBias: false,
  qkNorm: true,
  hiddenAct: 'silu',
  eosTokenId: 0,
};

describe('randomQwenTensors', () => {
  it('makes every expected tensor, deterministic per seed', () => {
    const a = randomQwenTensors(config, { seed: 3, std: 0.2 });
    const b = randomQwenTensors(config, { seed: 3, std: 0.2 });
    expect([...a.keys()]).toEqual([...expectedTensorShapes(config).keys()]);
    expect(a.get('lm_head.weight')!.data).toEqual(b.get('lm_head.weight')!.data);
    expect(randomQwenTensors(config, { seed: 4 }).get('lm_head.weight')!.data).not.toEqual(
      a.get('lm_head.weight')!.data,
    );
  });
  it('has the requested std for matrices and exact 1 for norms without noise', () => {
    const t = randomQwenTensors(config, { seed: 1, std: 0.2 });
    const w = t.get('model.embed_tokens.weight')!.data; // 2048 samples: std within ~5%
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const sd = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 0.2)).toBeLessThan(0.012);
    expect([...t.get('model.norm.weight')!.data].every((v) => v === 1)).toBe(true);
  });
  it('mulberry32 stays in [0, 1)', () => {
    const r = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
