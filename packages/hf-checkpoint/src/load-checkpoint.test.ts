import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTensors, expectedTensorShapes } from './expected-tensors.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { saveCheckpoint } from './save-checkpoint.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

describe('loadCheckpoint', () => {
  it('loads both fixtures with every expected tensor (qwen3: q/k norm over head_dim, untied head)', async () => {
    const q3 = await loadCheckpoint(`${HF_TINY}qwen3-tiny`);
    expect(q3.tensors.get('model.layers.0.self_attn.q_proj.weight')?.shape).toEqual([128, 64]);
    expect(q3.tensors.get('model.layers.0.self_attn.o_proj.weight')?.shape).toEqual([64, 128]);
    expect(q3.tensors.get('model.layers.0.self_attn.q_norm.weight')?.shape).toEqual([32]);
    expect(q3.tensors.get('lm_head.weight')?.shape).toEqual([512, 64]);
    expect(q3.tensors.size).toBe(expectedTensorShapes(q3.config).size);
  });

  it('names missing, misshaped and unexpected tensors', async () => {
    const { config, tensors } = await loadCheckpoint(`${HF_TINY}qwen2-tiny`);
    const broken = new Map(tensors);
    broken.delete('model.layers.1.mlp.up_proj.weight');
    broken.set('model.norm.weight', { shape: [63], data: new Float32Array(63) });
    broken.set('model.layers.0.self_attn.q_norm.weight', { shape: [16], data: new Float32Array(16) });
    broken.set('model.layers.0.self_attn.rotary_emb.inv_freq', { shape: [8], data: new Float32Array(8) });
    const err = (() => {
      try {
        checkTensors(broken, config, 'ckpt');
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(err).toMatch(/missing tensor 'model.layers.1.mlp.up_proj.weight' \(expected shape \[128, 64\]\)/);
    expect(err).toMatch(/tensor 'model.norm.weight' has shape \[63\], expected \[64\]/);
    expect(err).toMatch(/unexpected tensor 'model.layers.0.self_attn.q_norm.weight'/);
    expect(err).not.toMatch(/inv_freq/);
  });

  it('saves a folder that loads back identically, with tokenizer files and config fields kept', async () => {
    const src = `${HF_TINY}qwen3-tiny`;
    const { config, tensors } = await loadCheckpoint(src);
    const dir = await mkdtemp(join(tmpdir(), 'hf-save-'));
    await saveCheckpoint(dir, config, tensors, { sourceDir: src });
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const back = await loadCheckpoint(dir);
    expect(back.config).toEqual(config);
    for (const [name, t] of tensors)
      expect(Buffer.from(back.tensors.get(name)!.data.buffer).equals(Buffer.from(t.data.buffer))).toBe(true);
    const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(json.initializer_range).toBe(0.2); // kept from the source config
    expect(json.architectures).toEqual(['Qwen3ForCausalLM']);
  });
});
