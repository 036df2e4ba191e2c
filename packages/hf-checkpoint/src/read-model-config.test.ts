import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelConfigToJson, parseModelConfig, readModelConfig } from './read-model-config.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

describe('readModelConfig', () => {
  it('reads the qwen2 fixture (tied, bias, rope_parameters + top-level theta)', async () => {
    const c = await readModelConfig(`${HF_TINY}qwen2-tiny`);
    expect(c).toMatchObject({
      modelType: 'qwen2',
      vocabSize: 512,
      hiddenSize: 64,
      intermediateSize: 128,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      numKeyValueHeads: 2,
      headDim: 16,
      rmsNormEps: 1e-6,
      ropeTheta: 1e4,
      tieWordEmbeddings: true,
      attentionBias: true,
      qkNorm: false,
      eosTokenId: 0,
      padTokenId: 0,
      bosTokenId: 0,
    });
  });
  it('reads the qwen3 fixture (explicit head_dim 32 != 64/4, untied, q/k norm, no bias)', async () => {
    const c = await readModelConfig(`${HF_TINY}qwen3-tiny`);
    expect(c).toMatchObject({
      modelType: 'qwen3',
      headDim: 32,
      ropeTheta: 1e6,
      tieWordEmbeddings: false,
      attentionBias: false,
      qkNorm: true,
    });
  });
  const base = {
    model_type: 'qwen2',
    vocab_size: 8,
    hidden_size: 8,
    intermediate_size: 16,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    eos_token_id: 1,
  };
  it('takes rope theta from rope_parameters alone (transformers v5) and defaults kv heads', () => {
    const c = parseModelConfig({ ...base, rope_parameters: { rope_theta: 5e5, rope_type: 'default' } });
    expect(c.ropeTheta).toBe(5e5);
    expect(c.numKeyValueHeads).toBe(2);
    expect(c.headDim).toBe(4);
  });
  it('names the field in errors', () => {
    expect(() => parseModelConfig({ ...base, model_type: 'llama' }, 'x/config.json')).toThrow(
      /x\/config.json: field 'model_type' must be 'qwen2' or 'qwen3', got "llama"/,
    );
    expect(() => parseModelConfig({ ...base, hidden_size: -1 })).toThrow(
      /'hidden_size' must be a positive integer/,
    );
    expect(() => parseModelConfig({ ...base, num_key_value_heads: 3 })).toThrow(
      /multiple of num_key_value_heads/,
    );
    expect(() => parseModelConfig({ ...base, rope_scaling: { rope_type: 'yarn' } })).toThrow(
      /rope_scaling.*yarn/,
    );
    expect(() => parseModelConfig({ ...base, use_sliding_window: true })).toThrow(/sliding-window/);
    expect(() => parseModelConfig({ ...base, eos_token_id: 'x' })).toThrow(/eos_token_id/);
  });
  it('writes a config.json that parses back to the same ModelConfig', async () => {
    const c = await readModelConfig(`${HF_TINY}qwen3-tiny`);
    expect(parseModelConfig(modelConfigToJson(c))).toEqual(c);
  });
});
