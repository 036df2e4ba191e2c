import type { ModelConfig } from './model-config.js';

/**
 * A small Qwen config for tests, examples and benchmarks: Qwen2 layout (q/k/v bias, tied) unless overridden;
 * `modelType: 'qwen3'` switches on q/k norm and drops the biases.
 */
export function tinyQwenConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  const modelType = overrides.modelType ?? 'qwen2';
  return {
    modelType,
    vocabSize: 64,
    hiddenSize: 32,
    intermediateSize: 48,
    numHiddenLayers: 2,
    numAttentionHeads: 4,
    numKeyValueHeads: 2,
    headDim: 8,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    maxPositionEmbeddings: 256,
    tieWordEmbeddings: modelType === 'qwen2',
    attentionBias: modelType === 'qwen2',
    qkNorm: modelType === 'qwen3',
    hiddenAct: 'silu',
    eosTokenId: 0,
    padTokenId: 0,
    ...overrides,
  };
}
