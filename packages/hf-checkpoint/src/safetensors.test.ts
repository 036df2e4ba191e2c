import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSafetensors, loadSafetensorsFile } from './load-safetensors.js';
import type { NamedTensor } from './model-config.js';
import { encodeSafetensorsHeader, saveSafetensors } from './save-safetensors.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));
const tmp = () => mkdtemp(join(tmpdir(), 'hf-ckpt-'));

/** A safetensors file built by hand: header JSON + raw bytes. */
function rawFile(header: Record<string, unknown>, data: Uint8Array, lengthOverride?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(lengthOverride ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('loadSafetensors', () => {
  it('reads the transformers-written qwen2 fixture (tied: no lm_head)', async () => {
    const t = await loadSafetensors(`${HF_TINY}qwen2-tiny`);
    expect(t.get('model.embed_tokens.weight')?.shape).toEqual([512, 64]);
    expect(t.get('model.layers.1.self_attn.k_proj.weight')?.shape).toEqual([32, 64]);
    expect(t.get('model.layers.0.self_attn.q_proj.bias')?.shape).toEqual([64]);
    expect(t.has('lm_head.weight')).toBe(false);
    // 2 layers x 12 tensors + embed + final norm = 26 tensors
    expect(t.size).toBe(26);
  });

  it('decodes a hand-made file of each dtype to the right float32 values', async () => {
    const dir = await tmp();
    // F32 [2]: 1.5, -2; BF16 [2]: 0x3f80 (1), 0xc040 (-3); F16 [1,1]: 0x3800 (0.5)
    const data = new Uint8Array(8 + 4 + 2);
    const dv = new DataView(data.buffer);
    dv.setFloat32(0, 1.5, true);
    dv.setFloat32(4, -2, true);
    dv.setUint16(8, 0x3f80, true);
    dv.setUint16(10, 0xc040, true);
    dv.setUint16(12, 0x3800, true);
    const header = {
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [8, 12] },
      c: { dtype: 'F16', shape: [1, 1], data_offsets: [12, 14] },
      __metadata__: { format: 'pt' },
    };
    await writeFile(join(dir, 'model.safetensors'), rawFile(header, data));
    const t = await loadSafetensors(dir);
    expect([...t.get('a')!.data]).toEqual([1.5, -2]);
    expect([...t.get('b')!.data]).toEqual([1, -3]);
    expect(t.get('c')).toEqual({ shape: [1, 1], data: new Float32Array([0.5]) });
  });

  it('rejects bad headers with the file and tensor named', async () => {
    const dir = await tmp();
    const file = join(dir, 'bad.safetensors');
    const f32 = (n: number) => new Uint8Array(4 * n);
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(4), /too small/],
      [rawFile({}, f32(0), 1e12), /header length 1000000000000 is out of bounds/],
      [
        rawFile({ w: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, f32(2)),
        /tensor 'w': dtype "I64" is not supported/,
      ],
      [
        rawFile({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32(2)),
        /tensor 'w': data_offsets \[0, 16\] lie outside the data section of 8 bytes/,
      ],
      [
        rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(2)),
        /tensor 'w': holds 8 bytes but shape \[3\] of F32 needs 12/,
      ],
      [
        rawFile(
          {
            w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            v: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
          },
          f32(2),
        ),
        /overlaps/,
      ],
      [
        rawFile({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)),
        /data section has 8 bytes but the tensors cover 4/,
      ],
      [
        rawFile({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, f32(1)),
        /shape must be a list of non-negative integers/,
      ],
    ];
    for (const [bytes, message] of cases) {
      await writeFile(file, bytes);
      await expect(loadSafetensorsFile(file)).rejects.toThrow(message);
      await expect(loadSafetensorsFile(file)).rejects.toThrow(file);
    }
  });

  it('reports a missing checkpoint and a shard that lacks a mapped tensor', async () => {
    const dir = await tmp();
    await expect(loadSafetensors(dir)).rejects.toThrow(
      /no model.safetensors and no model.safetensors.index.json/,
    );
    await saveSafetensors(dir, new Map([['a', { shape: [1], data: new Float32Array([1]) }]]), {
      maxShardBytes: 0,
    });
    await writeFile(
      join(dir, 'model.safetensors.index.json'),
      JSON.stringify({
        weight_map: { a: 'model-00001-of-00001.safetensors', b: 'model-00001-of-00001.safetensors' },
      }),
    );
    await saveSafetensors(join(dir, 'x'), new Map([['a', { shape: [1], data: new Float32Array([1]) }]]));
    await writeFile(
      join(dir, 'model-00001-of-00001.safetensors'),
      await readFile(join(dir, 'x', 'model.safetensors')),
    );
    await expect(loadSafetensors(dir)).rejects.toThrow(
      /tensor 'b' is mapped to model-00001-of-00001.safetensors, which does not contain it/,
    );
  });
});

describe('saveSafetensors', () => {
  const tensors = new Map<string, NamedTensor>([
    ['w', { shape: [2, 3], data: new Float32Array([1, -2, 0.5, 3.25, 1e-3, 7]) }],
    ['b', { shape: [3], data: new Float32Array([0.1, 0.2, 0.3]) }],
    ['s', { shape: [], data: new Float32Array([42]) }],
  ]);

  it('pads the JSON header to 8 bytes and writes format=pt metadata', () => {
    const h = encodeSafetensorsHeader(['b', 'w'], tensors, 'F32');
    const len = Number(new DataView(h.buffer).getBigUint64(0, true));
    expect(len % 8).toBe(0);
    const json = JSON.parse(new TextDecoder().decode(h.subarray(8)));
    expect(json.__metadata__).toEqual({ format: 'pt' });
    expect(json.b.data_offsets).toEqual([0, 12]);
    expect(json.w.data_offsets).toEqual([12, 36]);
  });

  it('round-trips F32 exactly and BF16/F16 within their precision', async () => {
    for (const [dtype, rel] of [
      ['F32', 0],
      ['BF16', 2 ** -8],
      ['F16', 2 ** -11],
    ] as const) {
      const dir = await tmp();
      await saveSafetensors(dir, tensors, { dtype });
      const back = await loadSafetensors(dir);
      expect([...back.keys()].sort()).toEqual(['b', 's', 'w']);
      for (const [name, t] of tensors) {
        expect(back.get(name)!.shape).toEqual(t.shape);
        for (const [i, v] of t.data.entries()) {
          expect(Math.abs(back.get(name)!.data[i] - v)).toBeLessThanOrEqual(Math.abs(v) * rel);
        }
      }
      expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
    }
  });

  it('shards with an index, and a later single-file save removes the stale shards', async () => {
    const dir = await tmp();
    await saveSafetensors(dir, tensors, { maxShardBytes: 24 });
    const index = JSON.parse(await readFile(join(dir, 'model.safetensors.index.json'), 'utf8'));
    expect(index.metadata.total_size).toBe(4 * (6 + 3 + 1));
    expect(new Set(Object.values(index.weight_map))).toEqual(
      new Set(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']),
    );
    const back = await loadSafetensors(dir);
    expect([...back.get('w')!.data]).toEqual([...tensors.get('w')!.data]);
    await saveSafetensors(dir, tensors);
    expect((await readdir(dir)).sort()).toEqual(['model.safetensors']);
  });

  it('re-saving the transformers-written fixtures reproduces their files byte for byte', async () => {
    for (const model of ['qwen2-tiny', 'qwen3-tiny']) {
      const dir = await tmp();
      await saveSafetensors(dir, await loadSafetensors(`${HF_TINY}${model}`));
      const ours = await readFile(join(dir, 'model.safetensors'));
      expect(ours.equals(await readFile(`${HF_TINY}${model}/model.safetensors`)), model).toBe(true);
    }
  });

  it('rejects a tensor whose data does not fill its shape', async () => {
    const bad = new Map([['w', { shape: [2, 2], data: new Float32Array(3) }]]);
    await expect(saveSafetensors(await tmp(), bad)).rejects.toThrow(
      /tensor 'w' has 3 values but shape \[2, 2\] needs 4/,
    );
  });
});
