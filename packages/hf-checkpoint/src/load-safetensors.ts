import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { bf16ToF32, f16ToF32 } from './dtype.js';
import { CheckpointError } from './errors.js';
import type { NamedTensor } from './model-config.js';
import { readJsonObject } from './read-json.js';
import { readSafetensorsHeader, type SafetensorsHeader, type TensorEntry } from './safetensors-header.js';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

/**
 * Every tensor of one `.safetensors` file as float32 (F32/F16/BF16 converted), by name. Reads tensor by tensor, so a
 * file larger than one Node buffer (2 GiB) still loads. The header is validated first (see readSafetensorsHeader).
 */
export async function loadSafetensorsFile(
  path: string,
  only?: ReadonlySet<string>,
): Promise<Map<string, NamedTensor>> {
  if (endianness() !== 'LE') throw new CheckpointError('safetensors loading needs a little-endian host');
  const handle = await open(path, 'r').catch((err: Error) => {
    throw new CheckpointError(`cannot open ${path}: ${err.message}`, { cause: err });
  });
  try {
    const { size } = await handle.stat();
    const readBytes = async (position: number, length: number, into?: Uint8Array): Promise<Uint8Array> => {
      const buf = into ?? new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, position + done);
        if (bytesRead === 0)
          throw new CheckpointError(`${path}: unexpected end of file at byte ${position + done}`);
        done += bytesRead;
      }
      return buf;
    };
    const header: SafetensorsHeader = await readSafetensorsHeader(path, size, (p, l) => readBytes(p, l));
    const out = new Map<string, NamedTensor>();
    for (const entry of header.tensors) {
      if (only && !only.has(entry.name)) continue;
      out.set(entry.name, { shape: entry.shape, data: await readTensor(entry, header.dataStart, readBytes) });
    }
    return out;
  } finally {
    await handle.close();
  }
}

async function readTensor(
  entry: TensorEntry,
  dataStart: number,
  readBytes: (position: number, length: number, into?: Uint8Array) => Promise<Uint8Array>,
): Promise<Float32Array> {
  const length = entry.end - entry.begin;
  const position = dataStart + entry.begin;
  if (entry.dtype === 'F32') {
    const data = new Float32Array(length / 4);
    await readBytes(position, length, new Uint8Array(data.buffer));
    return data;
  }
  const half = new Uint16Array(length / 2);
  await readBytes(position, length, new Uint8Array(half.buffer));
  return entry.dtype === 'BF16' ? bf16ToF32(half) : f16ToF32(half);
}

/**
 * All weights of a checkpoint folder as float32 by Hugging Face name: `model.safetensors`, or the shards listed in
 * `model.safetensors.index.json` (every name in its `weight_map` must be in the shard it names).
 */
export async function loadSafetensors(dir: string): Promise<Map<string, NamedTensor>> {
  const index = await readJsonObject(join(dir, INDEX_FILE), true);
  if (!index) {
    return loadSafetensorsFile(join(dir, SINGLE_FILE)).catch((err) => {
      if ((err as { cause?: NodeJS.ErrnoException }).cause?.code === 'ENOENT') {
        throw new CheckpointError(`${dir}: no ${SINGLE_FILE} and no ${INDEX_FILE}`, { cause: err });
      }
      throw err;
    });
  }
  const indexPath = join(dir, INDEX_FILE);
  const weightMap = index.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new CheckpointError(`${indexPath}: 'weight_map' must be an object of tensor name -> shard file`);
  }
  const byShard = new Map<string, Set<string>>();
  for (const [name, shard] of Object.entries(weightMap)) {
    if (
      typeof shard !== 'string' ||
      shard.includes('/') ||
      shard.includes('\\') ||
      !shard.endsWith('.safetensors')
    ) {
      throw new CheckpointError(
        `${indexPath}: weight_map['${name}'] must be a .safetensors file name in the folder, got ${JSON.stringify(shard)}`,
      );
    }
    if (!byShard.has(shard)) byShard.set(shard, new Set());
    byShard.get(shard)!.add(name);
  }
  const out = new Map<string, NamedTensor>();
  for (const [shard, names] of byShard) {
    const tensors = await loadSafetensorsFile(join(dir, shard), names);
    for (const name of names) {
      const t = tensors.get(name);
      if (!t)
        throw new CheckpointError(
          `${indexPath}: tensor '${name}' is mapped to ${shard}, which does not contain it`,
        );
      out.set(name, t);
    }
  }
  return out;
}
