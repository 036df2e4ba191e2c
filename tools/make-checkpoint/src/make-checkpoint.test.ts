import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint, loadTokenizer } from '@reasonrl/hf-checkpoint';
import { describe, expect, it } from 'vitest';
import { configFromOptions, makeCheckpoint } from './make-checkpoint.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

describe('makeCheckpoint', () => {
  it('writes a Qwen3 folder (BF16, sharded) that loads back with the requested shapes and tokenizer', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'mkckpt-')), 'q3');
    await makeCheckpoint(dir, {
      modelType: 'qwen3',
      hiddenSize: 48,
      numHiddenLayers: 2,
      numAttentionHeads: 4,
      numKeyValueHeads: 2,
      headDim: 16,
      intermediateSize: 96,
      vocabSize: 512,
      tieWordEmbeddings: false,
      dtype: 'BF16',
      maxShardBytes: 60_000,
      tokenizerFrom: `${HF_TINY}qwen3-tiny`,
      seed: 1,
    });
    const files = await readdir(dir);
    expect(files).toContain('model.safetensors.index.json');
    expect(files).toContain('tokenizer.json');
    const { config, tensors } = await loadCheckpoint(dir);
    expect(config).toMatchObject({ modelType: 'qwen3', headDim: 16, qkNorm: true, tieWordEmbeddings: false });
    expect(tensors.get('model.layers.1.self_attn.q_proj.weight')!.shape).toEqual([64, 48]);
    const tok = await loadTokenizer(dir);
    expect(tok.eosTokenIds).toEqual([0]);
  });

  it('refuses inconsistent head counts', () => {
    const base = {
      modelType: 'qwen2' as const,
      hiddenSize: 64,
      numHiddenLayers: 1,
      numAttentionHeads: 4,
      numKeyValueHeads: 3,
      intermediateSize: 8,
      vocabSize: 8,
      tieWordEmbeddings: true,
    };
    expect(() => configFromOptions(base)).toThrow(/--heads 4 must be a multiple of --kv-heads 3/);
    expect(() => configFromOptions({ ...base, numKeyValueHeads: 1, hiddenSize: 30 })).toThrow(
      /not divisible/,
    );
  });
});
