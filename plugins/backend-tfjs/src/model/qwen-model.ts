import {
  type Checkpoint,
  expectedTensorShapes,
  type ModelConfig,
  type NamedTensor,
} from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { selfAttention, selfAttentionWithCache } from './attention.js';
import { additiveAttentionMask } from './attention-mask.js';
import type { KvCache } from './kv-cache.js';
import { swigluMlp } from './mlp.js';
import { rmsNorm } from './rms-norm.js';
import { defaultPositions, ropeTables } from './rope.js';

export interface ForwardOptions {
  /** (B, T) 1 on real tokens. Needed for left padding; with right padding real positions do not depend on it. */
  attentionMask?: number[][];
  /** (B, T) RoPE positions; default 0..T-1 (use positionsFromMask for left padding). */
  positionIds?: number[][];
}

/**
 * A Qwen2/Qwen3 decoder whose parameters are tf.Variables keyed by Hugging Face tensor name (a tied model has no
 * `lm_head.weight`: the head reads `model.embed_tokens.weight`). fp32 throughout.
 */
export class QwenModel {
  readonly config: ModelConfig;
  /** Trainable parameters by HF name, in `expectedTensorShapes` order. */
  readonly params: Map<string, tf.Variable>;

  constructor(config: ModelConfig, tensors: ReadonlyMap<string, NamedTensor>) {
    this.config = config;
    this.params = new Map();
    for (const [name, shape] of expectedTensorShapes(config)) {
      const t = tensors.get(name);
      if (!t) throw new Error(`QwenModel: missing tensor '${name}' (expected shape [${shape.join(', ')}])`);
      if (t.shape.join(',') !== shape.join(',')) {
        throw new Error(
          `QwenModel: tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`,
        );
      }
      const init = tf.tensor(t.data, shape, 'float32');
      this.params.set(name, tf.variable(init, true));
      init.dispose();
    }
  }

  static fromCheckpoint(checkpoint: Checkpoint): QwenModel {
    return new QwenModel(checkpoint.config, checkpoint.tensors);
  }

  /** A parameter by HF name (`lm_head.weight` of a tied model is the embedding). */
  param(name: string): tf.Variable {
    const key =
      name === 'lm_head.weight' && this.config.tieWordEmbeddings ? 'model.embed_tokens.weight' : name;
    const p = this.params.get(key);
    if (!p) throw new Error(`no parameter '${name}' in this ${this.config.modelType} model`);
    return p;
  }

  /** (vocab, hidden) output projection. */
  get lmHead(): tf.Variable {
    return this.param('lm_head.weight');
  }

  /**
   * Final-normed hidden states. inputIds: (B, T) token ids -> (B*T, hidden), row b*T + t.
   */
  hidden(inputIds: readonly (readonly number[])[], options: ForwardOptions = {}): tf.Tensor2D {
    const c = this.config;
    const b = inputIds.length;
    const t = inputIds[0]?.length ?? 0;
    if (b === 0 || t === 0 || inputIds.some((r) => r.length !== t)) {
      throw new Error(
        `inputIds must be a non-empty rectangular (B, T) array, got rows of lengths ${inputIds.map((r) => r.length).join(', ')}`,
      );
    }
    for (const row of inputIds)
      for (const id of row) {
        if (!Number.isInteger(id) || id < 0 || id >= c.vocabSize)
          throw new Error(`token id ${id} is outside the vocabulary [0, ${c.vocabSize})`);
      }
    return tf.tidy(() => {
      const ids = tf.tensor1d(inputIds.flat(), 'int32');
      let x = tf.gather(this.param('model.embed_tokens.weight'), ids) as tf.Tensor2D; // (B*T, H)
      const keyMask = options.attentionMask ? tf.tensor2d(options.attentionMask, [b, t], 'int32') : undefined;
      const mask = additiveAttentionMask(b, t, keyMask);
      const { cos, sin } = ropeTables(options.positionIds ?? defaultPositions(b, t), c.headDim, c.ropeTheta);
      for (let i = 0; i < c.numHiddenLayers; i++) {
        const p = `model.layers.${i}.`;
        const w = (suffix: string) => this.params.get(`${p}self_attn.${suffix}`);
        const attn = selfAttention(c, w, {
          x: rmsNorm(x, this.param(`${p}input_layernorm.weight`), c.rmsNormEps) as tf.Tensor2D,
          batch: b,
          length: t,
          cos,
          sin,
          mask,
        });
        x = tf.add(x, attn);
        const h = rmsNorm(x, this.param(`${p}post_attention_layernorm.weight`), c.rmsNormEps) as tf.Tensor2D;
        x = tf.add(
          x,
          swigluMlp(
            h,
            this.param(`${p}mlp.gate_proj.weight`),
            this.param(`${p}mlp.up_proj.weight`),
            this.param(`${p}mlp.down_proj.weight`),
          ),
        );
      }
      return rmsNorm(x, this.param('model.norm.weight'), c.rmsNormEps) as tf.Tensor2D;
    });
  }

  /** Full logits. inputIds: (B, T) -> (B, T, vocab). Materialises B*T*V floats: for tests and short sampling. */
  logits(inputIds: readonly (readonly number[])[], options: ForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const h = this.hidden(inputIds, options);
      return tf.reshape(tf.matMul(h, this.lmHead, false, true), [
        inputIds.length,
        inputIds[0].length,
        this.config.vocabSize,
      ]);
    });
  }

  /**
   * Logits of the last position of each row (what sampling needs; rows are left-padded so the last column is real).
   * inputIds: (B, T) -> (B, vocab).
   */
  lastLogits(inputIds: readonly (readonly number[])[], options: ForwardOptions = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const b = inputIds.length;
      const t = inputIds[0].length;
      const rows = tf.tensor1d(
        Array.from({ length: b }, (_, i) => i * t + t - 1),
        'int32',
      );
      const last = tf.gather(this.hidden(inputIds, options), rows) as tf.Tensor2D; // (B, H)
      return tf.matMul(last, this.lmHead, false, true);
    });
  }

  /**
   * Incremental decoding: runs the new tokens (B, t) against the cache (updated in place) and returns the logits of
   * each row's last new token (B, vocab). `newMask` (B, t) marks real tokens (0 for left padding of a prefill);
   * positions continue each row's real tokens.
   */
  decodeStep(
    newIds: readonly (readonly number[])[],
    cache: KvCache,
    newMask?: readonly (readonly number[])[],
  ): tf.Tensor2D {
    const c = this.config;
    const b = newIds.length;
    const t = newIds[0].length;
    const maskRows = newMask ?? newIds.map((r) => r.map(() => 1));
    const { positions, mask } = cache.extend(maskRows);
    try {
      return tf.tidy(() => {
        let x = tf.gather(
          this.param('model.embed_tokens.weight'),
          tf.tensor1d(newIds.flat(), 'int32'),
        ) as tf.Tensor2D;
        const { cos, sin } = ropeTables(positions, c.headDim, c.ropeTheta);
        for (let i = 0; i < c.numHiddenLayers; i++) {
          const p = `model.layers.${i}.`;
          const w = (suffix: string) => this.params.get(`${p}self_attn.${suffix}`);
          const h = rmsNorm(x, this.param(`${p}input_layernorm.weight`), c.rmsNormEps) as tf.Tensor2D;
          const past = cache.k[i] ? { k: cache.k[i], v: cache.v[i] } : undefined;
          const attn = selfAttentionWithCache(c, w, { x: h, batch: b, length: t, cos, sin, mask, past });
          cache.set(i, attn.k, attn.v);
          x = tf.add(x, attn.out);
          const h2 = rmsNorm(
            x,
            this.param(`${p}post_attention_layernorm.weight`),
            c.rmsNormEps,
          ) as tf.Tensor2D;
          x = tf.add(
            x,
            swigluMlp(
              h2,
              this.param(`${p}mlp.gate_proj.weight`),
              this.param(`${p}mlp.up_proj.weight`),
              this.param(`${p}mlp.down_proj.weight`),
            ),
          );
        }
        const rows = tf.tensor1d(
          Array.from({ length: b }, (_, r) => r * t + t - 1),
          'int32',
        );
        const last = tf.gather(
          rmsNorm(x, this.param('model.norm.weight'), c.rmsNormEps),
          rows,
        ) as tf.Tensor2D;
        return tf.matMul(last, this.lmHead, false, true);
      });
    } finally {
      mask.dispose();
    }
  }

  /** Current weights as float32 by HF name (copies). */
  exportTensors(): Map<string, NamedTensor> {
    const out = new Map<string, NamedTensor>();
    for (const [name, v] of this.params)
      out.set(name, { shape: [...v.shape], data: v.dataSync() as Float32Array });
    return out;
  }

  /** Overwrites parameters from float32 tensors by HF name; every given name must exist with the same shape. */
  importTensors(tensors: ReadonlyMap<string, NamedTensor>): void {
    for (const [name, t] of tensors) {
      const v = this.params.get(name);
      if (!v) {
        if (name === 'lm_head.weight' && this.config.tieWordEmbeddings) continue;
        throw new Error(`importTensors: unknown tensor '${name}'`);
      }
      if (v.shape.join(',') !== t.shape.join(',')) {
        throw new Error(
          `importTensors: tensor '${name}' has shape [${t.shape.join(', ')}], expected [${v.shape.join(', ')}]`,
        );
      }
      tf.tidy(() => v.assign(tf.tensor(t.data, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}
