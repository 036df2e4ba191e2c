import { join } from 'node:path';
import { CheckpointError } from './errors.js';
import type { ModelConfig } from './model-config.js';
import { readJsonObject } from './read-json.js';

/** Reads `<dir>/config.json` into a {@link ModelConfig}; see {@link parseModelConfig}. */
export async function readModelConfig(dir: string): Promise<ModelConfig> {
  const path = join(dir, 'config.json');
  return parseModelConfig(await readJsonObject(path), path);
}

/**
 * Turns a Hugging Face `config.json` object (transformers 4.x or 5.x) into a {@link ModelConfig}.
 * Handles RoPE theta written top-level (`rope_theta`, real Qwen checkpoints) or under `rope_parameters` (v5), Qwen3's
 * explicit `head_dim`, and refuses what the decoder does not implement (sliding windows, RoPE scaling, other
 * activations) with an error naming the field. `source` names the file in errors.
 */
export function parseModelConfig(json: Record<string, unknown>, source = 'config.json'): ModelConfig {
  const field = (name: string) => `${source}: field '${name}'`;
  const int = (name: string, fallback?: number): number => {
    const v = json[name] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new CheckpointError(`${field(name)} must be a positive integer, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const positive = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !(v > 0)) {
      throw new CheckpointError(`${field(name)} must be a positive number, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const optionalId = (name: string): number | undefined => {
    const v = json[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new CheckpointError(`${field(name)} must be a token id (integer >= 0), got ${JSON.stringify(v)}`);
    }
    return v;
  };

  const modelType = json.model_type;
  if (modelType !== 'qwen2' && modelType !== 'qwen3') {
    throw new CheckpointError(
      `${field('model_type')} must be 'qwen2' or 'qwen3', got ${JSON.stringify(modelType)}`,
    );
  }
  const hiddenAct = json.hidden_act ?? 'silu';
  if (hiddenAct !== 'silu') {
    throw new CheckpointError(
      `${field('hidden_act')}: only 'silu' is implemented, got ${JSON.stringify(hiddenAct)}`,
    );
  }
  if (json.use_sliding_window === true) {
    throw new CheckpointError(`${field('use_sliding_window')}: sliding-window attention is not implemented`);
  }
  const ropeParameters = json.rope_parameters as Record<string, unknown> | undefined | null;
  const ropeScaling = json.rope_scaling as Record<string, unknown> | undefined | null;
  for (const [name, p] of [
    ['rope_parameters', ropeParameters],
    ['rope_scaling', ropeScaling],
  ] as const) {
    const type = p?.rope_type ?? p?.type;
    if (p && type !== undefined && type !== 'default') {
      throw new CheckpointError(
        `${field(name)}: only the default RoPE is implemented, got rope_type ${JSON.stringify(type)}`,
      );
    }
  }
  const ropeTheta = positive('rope_theta', json.rope_theta ?? ropeParameters?.rope_theta ?? 10000);

  const hiddenSize = int('hidden_size');
  const numAttentionHeads = int('num_attention_heads');
  const numKeyValueHeads = int('num_key_value_heads', numAttentionHeads);
  if (numAttentionHeads % numKeyValueHeads !== 0) {
    throw new CheckpointError(
      `${source}: num_attention_heads (${numAttentionHeads}) must be a multiple of num_key_value_heads (${numKeyValueHeads})`,
    );
  }
  if (json.head_dim === undefined && hiddenSize % numAttentionHeads !== 0) {
    throw new CheckpointError(
      `${source}: hidden_size (${hiddenSize}) must divide by num_attention_heads (${numAttentionHeads}) when head_dim is absent`,
    );
  }
  const headDim = int('head_dim', hiddenSize / numAttentionHeads);
  if (headDim % 2 !== 0)
    throw new CheckpointError(`${field('head_dim')} must be even for RoPE, got ${headDim}`);

  const eos = json.eos_token_id;
  let eosTokenId: number | number[];
  if (Array.isArray(eos) && eos.length > 0 && eos.every((e) => Number.isInteger(e) && e >= 0))
    eosTokenId = eos as number[];
  else if (typeof eos === 'number' && Number.isInteger(eos) && eos >= 0) eosTokenId = eos;
  else
    throw new CheckpointError(
      `${field('eos_token_id')} must be a token id or a list of them, got ${JSON.stringify(eos)}`,
    );

  const attentionBias = modelType === 'qwen2' ? true : json.attention_bias === true;
  return {
    modelType,
    vocabSize: int('vocab_size'),
    hiddenSize,
    intermediateSize: int('intermediate_size'),
    numHiddenLayers: int('num_hidden_layers'),
    numAttentionHeads,
    numKeyValueHeads,
    headDim,
    rmsNormEps: positive('rms_norm_eps', json.rms_norm_eps ?? 1e-6),
    ropeTheta,
    maxPositionEmbeddings: int('max_position_embeddings', 32768),
    tieWordEmbeddings: json.tie_word_embeddings === true,
    attentionBias,
    qkNorm: modelType === 'qwen3',
    hiddenAct: 'silu',
    bosTokenId: optionalId('bos_token_id'),
    eosTokenId,
    padTokenId: optionalId('pad_token_id'),
  };
}

/** The inverse of {@link parseModelConfig}: a `config.json` object that transformers 4.x and 5.x both load. */
export function modelConfigToJson(config: ModelConfig): Record<string, unknown> {
  const qwen3 = config.modelType === 'qwen3';
  return {
    architectures: [qwen3 ? 'Qwen3ForCausalLM' : 'Qwen2ForCausalLM'],
    model_type: config.modelType,
    attention_bias: config.attentionBias,
    attention_dropout: 0,
    bos_token_id: config.bosTokenId ?? null,
    eos_token_id: config.eosTokenId,
    pad_token_id: config.padTokenId ?? null,
    head_dim: config.headDim,
    hidden_act: config.hiddenAct,
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    num_attention_heads: config.numAttentionHeads,
    num_hidden_layers: config.numHiddenLayers,
    num_key_value_heads: config.numKeyValueHeads,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_parameters: { rope_theta: config.ropeTheta, rope_type: 'default' },
    sliding_window: null,
    use_sliding_window: false,
    max_window_layers: config.numHiddenLayers,
    tie_word_embeddings: config.tieWordEmbeddings,
    dtype: 'float32',
    torch_dtype: 'float32',
    use_cache: true,
    vocab_size: config.vocabSize,
  };
}
