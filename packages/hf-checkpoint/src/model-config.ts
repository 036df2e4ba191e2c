/**
 * The architecture of a Qwen2/Qwen3 decoder as read from a Hugging Face `config.json`.
 * This is the contract between the checkpoint reader and every model implementation
 * (the tfjs policy and the ONNX graph builder build the same network from it).
 */
export interface ModelConfig {
  /** `qwen2` (q/k/v bias) or `qwen3` (per-head q_norm/k_norm, no bias). */
  modelType: 'qwen2' | 'qwen3';
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  /** Per-head width; Qwen3 sets it explicitly (may differ from hiddenSize / heads). */
  headDim: number;
  rmsNormEps: number;
  /** From `rope_theta` (v4) or `rope_parameters.rope_theta` (transformers v5). */
  ropeTheta: number;
  maxPositionEmbeddings: number;
  /** True when the LM head shares `model.embed_tokens.weight` (no `lm_head.weight` tensor). */
  tieWordEmbeddings: boolean;
  /** q/k/v projections carry a bias (Qwen2: true; Qwen3: `attention_bias`, usually false). */
  attentionBias: boolean;
  /** Per-head RMSNorm on q and k before RoPE (Qwen3). */
  qkNorm: boolean;
  hiddenAct: 'silu';
  bosTokenId?: number;
  eosTokenId: number | number[];
  padTokenId?: number;
}

/** A float32 tensor by Hugging Face name, e.g. `model.layers.0.self_attn.q_proj.weight` -> [out, in]. */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}
