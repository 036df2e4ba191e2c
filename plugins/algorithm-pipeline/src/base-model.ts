import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ModelConfig,
  randomQwenTensors,
  saveCheckpoint,
  writeJsonAtomic,
} from '@reasonrl/hf-checkpoint';
import { tinyMathModelDir, tinyMathVocabSize } from '@reasonrl/tiny-math';
import type { TinyModelConfig } from './config.js';

/** The Qwen2 ModelConfig of the tiny base model (tied embeddings, q/k/v biases, EOS = pad = id 0). */
export function tinyModelConfig(o: TinyModelConfig): ModelConfig {
  if (o.hiddenSize % o.numAttentionHeads !== 0)
    throw new Error(
      `pipeline.tinyModel: hiddenSize ${o.hiddenSize} must be divisible by numAttentionHeads ${o.numAttentionHeads}`,
    );
  if (o.numAttentionHeads % o.numKeyValueHeads !== 0)
    throw new Error(
      `pipeline.tinyModel: numAttentionHeads ${o.numAttentionHeads} must be a multiple of numKeyValueHeads ${o.numKeyValueHeads}`,
    );
  return {
    modelType: 'qwen2',
    vocabSize: tinyMathVocabSize(),
    hiddenSize: o.hiddenSize,
    intermediateSize: o.intermediateSize,
    numHiddenLayers: o.numHiddenLayers,
    numAttentionHeads: o.numAttentionHeads,
    numKeyValueHeads: o.numKeyValueHeads,
    headDim: o.hiddenSize / o.numAttentionHeads,
    rmsNormEps: 1e-6,
    ropeTheta: 1e4,
    maxPositionEmbeddings: 1024,
    tieWordEmbeddings: true,
    attentionBias: true,
    qkNorm: false,
    hiddenAct: 'silu',
    bosTokenId: 0,
    eosTokenId: 0,
    padTokenId: 0,
  };
}

/**
 * Make a random-init base model in `dir` unless a checkpoint (config.json and tokenizer.json) is already there:
 * seeded weights (`randomQwenTensors`) saved as a Hugging Face checkpoint with the tokenizer of the shipped
 * @reasonrl/tiny-math model (`pipeline.baseModel: random`: the untrained control of the pretrained default).
 * Returns whether it was created.
 */
export async function ensureTinyBaseModel(dir: string, o: TinyModelConfig): Promise<boolean> {
  const complete = ['config.json', 'tokenizer.json'].every((f) => existsSync(join(dir, f)));
  if (complete) return false;
  const config = tinyModelConfig(o);
  const tensors = randomQwenTensors(config, { seed: o.seed, std: o.std });
  await saveCheckpoint(dir, config, tensors, { sourceDir: tinyMathModelDir() });
  // saveCheckpoint copies generation_config.json; write it when the assets lack one (never today).
  if (!existsSync(join(dir, 'generation_config.json')))
    await writeJsonAtomic(join(dir, 'generation_config.json'), {
      bos_token_id: 0,
      eos_token_id: 0,
      pad_token_id: 0,
    });
  return true;
}
