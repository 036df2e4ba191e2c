import { CheckpointError } from './errors.js';
import type { ModelConfig, NamedTensor } from './model-config.js';

/**
 * Every tensor a Qwen2/Qwen3 checkpoint of this config holds, by Hugging Face name, with its shape
 * (linear weights are [out, in]). Qwen2: q/k/v biases; Qwen3: q_norm/k_norm [headDim] (and, with
 * `attention_bias`, q/k/v/o biases); `lm_head.weight` only when the embeddings are not tied.
 */
export function expectedTensorShapes(config: ModelConfig): Map<string, number[]> {
  const { hiddenSize: h, intermediateSize: inter, headDim: d, vocabSize: v } = config;
  const q = config.numAttentionHeads * d;
  const kv = config.numKeyValueHeads * d;
  const out = new Map<string, number[]>();
  out.set('model.embed_tokens.weight', [v, h]);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const p = `model.layers.${i}.`;
    out.set(`${p}input_layernorm.weight`, [h]);
    out.set(`${p}self_attn.q_proj.weight`, [q, h]);
    out.set(`${p}self_attn.k_proj.weight`, [kv, h]);
    out.set(`${p}self_attn.v_proj.weight`, [kv, h]);
    out.set(`${p}self_attn.o_proj.weight`, [h, q]);
    if (config.attentionBias) {
      out.set(`${p}self_attn.q_proj.bias`, [q]);
      out.set(`${p}self_attn.k_proj.bias`, [kv]);
      out.set(`${p}self_attn.v_proj.bias`, [kv]);
      if (config.modelType === 'qwen3') out.set(`${p}self_attn.o_proj.bias`, [h]);
    }
    if (config.qkNorm) {
      out.set(`${p}self_attn.q_norm.weight`, [d]);
      out.set(`${p}self_attn.k_norm.weight`, [d]);
    }
    out.set(`${p}post_attention_layernorm.weight`, [h]);
    out.set(`${p}mlp.gate_proj.weight`, [inter, h]);
    out.set(`${p}mlp.up_proj.weight`, [inter, h]);
    out.set(`${p}mlp.down_proj.weight`, [h, inter]);
  }
  out.set('model.norm.weight', [h]);
  if (!config.tieWordEmbeddings) out.set('lm_head.weight', [v, h]);
  return out;
}

/** Tensors some checkpoints carry that the model does not need: old RoPE buffers, a tied head saved anyway. */
function isIgnorable(name: string, config: ModelConfig): boolean {
  return name.endsWith('.rotary_emb.inv_freq') || (config.tieWordEmbeddings && name === 'lm_head.weight');
}

/**
 * Checks loaded tensors against the config: every expected tensor present with its shape; nothing unknown. Returns the
 * map without the ignorable extras. Errors name each missing, misshaped or unexpected tensor and `source`.
 */
export function checkTensors(
  tensors: ReadonlyMap<string, NamedTensor>,
  config: ModelConfig,
  source: string,
): Map<string, NamedTensor> {
  const expected = expectedTensorShapes(config);
  const problems: string[] = [];
  for (const [name, shape] of expected) {
    const t = tensors.get(name);
    if (!t) problems.push(`missing tensor '${name}' (expected shape [${shape.join(', ')}])`);
    else if (t.shape.length !== shape.length || t.shape.some((s, i) => s !== shape[i])) {
      problems.push(`tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`);
    }
  }
  const out = new Map<string, NamedTensor>();
  for (const [name, t] of tensors) {
    if (expected.has(name)) out.set(name, t);
    else if (!isIgnorable(name, config))
      problems.push(`unexpected tensor '${name}' for a ${config.modelType} config`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20).map((p) => `  - ${p}`);
    if (problems.length > 20) shown.push(`  - ... and ${problems.length - 20} more`);
    throw new CheckpointError(`${source}: weights do not match config.json:\n${shown.join('\n')}`);
  }
  return out;
}
