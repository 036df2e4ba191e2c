import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { tinyMathVocabSize } from '@reasonrl/tiny-math';
import { describe, expect, it } from 'vitest';
import { ensureTinyBaseModel, tinyModelConfig } from './base-model.js';
import { TinyModelConfig } from './config.js';

describe('ensureTinyBaseModel', () => {
  it('writes a loadable Qwen2 checkpoint with the shipped tokenizer, the same for the same seed', async () => {
    const o = TinyModelConfig.parse({});
    const a = join(mkdtempSync(join(tmpdir(), 'tiny-')), 'm');
    const b = join(mkdtempSync(join(tmpdir(), 'tiny-')), 'm');
    expect(await ensureTinyBaseModel(a, o)).toBe(true);
    expect(await ensureTinyBaseModel(b, o)).toBe(true);
    expect(await ensureTinyBaseModel(a, o)).toBe(false); // already there: left alone
    const { config, tensors } = await loadCheckpoint(a);
    const vocab = tinyMathVocabSize();
    expect(config.vocabSize).toBe(vocab);
    expect(config.hiddenSize).toBe(64);
    expect(config.numHiddenLayers).toBe(2);
    expect(tensors.get('model.embed_tokens.weight')?.shape).toEqual([vocab, 64]);
    // Matrices ~ N(0, 0.02^2): the sample std of the (vocab x 64, > 32k) embedding weights is within 3% of 0.02.
    const e = tensors.get('model.embed_tokens.weight')?.data as Float32Array;
    const mean = e.reduce((s, x) => s + x, 0) / e.length;
    const std = Math.sqrt(e.reduce((s, x) => s + (x - mean) ** 2, 0) / e.length);
    expect(Math.abs(std - 0.02)).toBeLessThan(0.0006);
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json'])
      expect(existsSync(join(a, f))).toBe(true);
    const bytes = (d: string) => readFileSync(join(d, 'model.safetensors'));
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(statSync(join(a, 'model.safetensors')).size).toBeGreaterThan(4 * vocab * 64);
  });

  it('rejects a shape whose heads do not divide the width, naming the fields', () => {
    expect(() => tinyModelConfig(TinyModelConfig.parse({ hiddenSize: 66 }))).toThrow(
      /hiddenSize 66 must be divisible by numAttentionHeads 4/,
    );
  });
});
