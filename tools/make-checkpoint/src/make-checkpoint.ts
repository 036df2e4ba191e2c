#!/usr/bin/env node
// Makes a random-init Qwen2/Qwen3 checkpoint of any size in the Hugging Face format (config.json,
// model.safetensors or shards, generation_config.json, and tokenizer files copied from another folder).
// Usage (from the repo root):
//   node --conditions=@reasonrl/source --import tsx tools/make-checkpoint/src/make-checkpoint.ts --out /tmp/q2 \
//     --type qwen2 --hidden 256 --layers 4 --heads 4 --kv-heads 2 --intermediate 688 --vocab 512 --tied \
//     --tokenizer-from ../shared/conformance/hf-tiny/qwen2-tiny
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type FloatDtype,
  type ModelConfig,
  randomQwenTensors,
  saveCheckpoint,
  writeJsonAtomic,
} from '@reasonrl/hf-checkpoint';

export interface MakeCheckpointOptions {
  modelType: 'qwen2' | 'qwen3';
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  numKeyValueHeads: number;
  intermediateSize: number;
  vocabSize: number;
  /** Default hidden / heads. */
  headDim?: number;
  tieWordEmbeddings: boolean;
  ropeTheta?: number;
  seed?: number;
  /** Init std of matrices (HF initializer_range). */
  std?: number;
  dtype?: FloatDtype;
  maxShardBytes?: number;
  /** Folder whose tokenizer.json / tokenizer_config.json are copied. */
  tokenizerFrom?: string;
  eosTokenId?: number;
}

/** The ModelConfig these options describe (Qwen2: q/k/v bias; Qwen3: q/k norm, no bias). */
export function configFromOptions(o: MakeCheckpointOptions): ModelConfig {
  if (o.hiddenSize % o.numAttentionHeads !== 0 && !o.headDim) {
    throw new Error(
      `--hidden ${o.hiddenSize} is not divisible by --heads ${o.numAttentionHeads}: give --head-dim`,
    );
  }
  if (o.numAttentionHeads % o.numKeyValueHeads !== 0) {
    throw new Error(`--heads ${o.numAttentionHeads} must be a multiple of --kv-heads ${o.numKeyValueHeads}`);
  }
  const eos = o.eosTokenId ?? 0;
  return {
    modelType: o.modelType,
    vocabSize: o.vocabSize,
    hiddenSize: o.hiddenSize,
    intermediateSize: o.intermediateSize,
    numHiddenLayers: o.numHiddenLayers,
    numAttentionHeads: o.numAttentionHeads,
    numKeyValueHeads: o.numKeyValueHeads,
    headDim: o.headDim ?? o.hiddenSize / o.numAttentionHeads,
    rmsNormEps: 1e-6,
    ropeTheta: o.ropeTheta ?? (o.modelType === 'qwen3' ? 1e6 : 1e4),
    maxPositionEmbeddings: 4096,
    tieWordEmbeddings: o.tieWordEmbeddings,
    attentionBias: o.modelType === 'qwen2',
    qkNorm: o.modelType === 'qwen3',
    hiddenAct: 'silu',
    bosTokenId: eos,
    eosTokenId: eos,
    padTokenId: eos,
  };
}

/** Writes the checkpoint folder and returns its config. */
export async function makeCheckpoint(outDir: string, o: MakeCheckpointOptions): Promise<ModelConfig> {
  const config = configFromOptions(o);
  const tensors = randomQwenTensors(config, { seed: o.seed ?? 0, std: o.std ?? 0.02 });
  await saveCheckpoint(outDir, config, tensors, {
    dtype: o.dtype,
    maxShardBytes: o.maxShardBytes,
    sourceDir: o.tokenizerFrom,
  });
  const eos = config.eosTokenId;
  await writeJsonAtomic(join(outDir, 'generation_config.json'), {
    bos_token_id: config.bosTokenId,
    eos_token_id: eos,
    pad_token_id: config.padTokenId,
  });
  return config;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      type: { type: 'string', default: 'qwen2' },
      hidden: { type: 'string', default: '64' },
      layers: { type: 'string', default: '2' },
      heads: { type: 'string', default: '4' },
      'kv-heads': { type: 'string', default: '2' },
      intermediate: { type: 'string', default: '128' },
      vocab: { type: 'string', default: '512' },
      'head-dim': { type: 'string' },
      tied: { type: 'boolean', default: false },
      'rope-theta': { type: 'string' },
      seed: { type: 'string', default: '0' },
      std: { type: 'string', default: '0.02' },
      dtype: { type: 'string', default: 'F32' },
      'max-shard-mb': { type: 'string' },
      'tokenizer-from': { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out <dir> is required');
  if (values.type !== 'qwen2' && values.type !== 'qwen3')
    throw new Error(`--type must be qwen2 or qwen3, got ${values.type}`);
  if (!['F32', 'BF16', 'F16'].includes(values.dtype!))
    throw new Error(`--dtype must be F32, BF16 or F16, got ${values.dtype}`);
  const int = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${v}`);
    return n;
  };
  const config = await makeCheckpoint(values.out, {
    modelType: values.type,
    hiddenSize: int('hidden', values.hidden),
    numHiddenLayers: int('layers', values.layers),
    numAttentionHeads: int('heads', values.heads),
    numKeyValueHeads: int('kv-heads', values['kv-heads']),
    intermediateSize: int('intermediate', values.intermediate),
    vocabSize: int('vocab', values.vocab),
    headDim: values['head-dim'] ? int('head-dim', values['head-dim']) : undefined,
    tieWordEmbeddings: values.tied!,
    ropeTheta: values['rope-theta'] ? Number(values['rope-theta']) : undefined,
    seed: Number(values.seed),
    std: Number(values.std),
    dtype: values.dtype as FloatDtype,
    maxShardBytes: values['max-shard-mb'] ? Number(values['max-shard-mb']) * 1e6 : undefined,
    tokenizerFrom: values['tokenizer-from'],
  });
  console.log(`wrote ${values.out}: ${JSON.stringify(config)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(String(err?.message ?? err));
    process.exit(1);
  });
}
