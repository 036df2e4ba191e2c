import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBytesAtomic } from './atomic-write.js';
import { DTYPE_BYTES, type FloatDtype, f32ToBf16, f32ToF16 } from './dtype.js';
import { CheckpointError } from './errors.js';
import { INDEX_FILE, SINGLE_FILE } from './load-safetensors.js';
import type { NamedTensor } from './model-config.js';
import { readJsonObject } from './read-json.js';

export interface SaveSafetensorsOptions {
  /** On-disk dtype; values are converted from float32 with round-to-nearest-even. Default `F32`. */
  dtype?: FloatDtype;
  /** Split into `model-0000i-of-0000n.safetensors` shards plus an index when the total exceeds this many bytes. */
  maxShardBytes?: number;
}

/**
 * Writes `tensors` to `dir` as `model.safetensors` (or shards + `model.safetensors.index.json`), in the layout
 * `transformers` loads (`__metadata__.format = "pt"`). Each file is written to a temporary name, flushed and renamed,
 * so a crash never leaves a half-written checkpoint under the real name; files of the other layout left from an earlier
 * save are removed afterwards.
 */
export async function saveSafetensors(
  dir: string,
  tensors: ReadonlyMap<string, NamedTensor>,
  options: SaveSafetensorsOptions = {},
): Promise<void> {
  const dtype = options.dtype ?? 'F32';
  const names = [...tensors.keys()].sort();
  for (const name of names) {
    const t = tensors.get(name)!;
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!(t.data instanceof Float32Array) || t.data.length !== n) {
      throw new CheckpointError(
        `saveSafetensors: tensor '${name}' has ${t.data?.length} values but shape [${t.shape.join(', ')}] needs ${n}`,
      );
    }
  }
  await mkdir(dir, { recursive: true });
  const bytesOf = (name: string) => tensors.get(name)!.data.length * DTYPE_BYTES[dtype];
  const total = names.reduce((s, n) => s + bytesOf(n), 0);
  const oldIndex = await readJsonObject(join(dir, INDEX_FILE), true).catch(() => undefined);
  const oldShards = new Set(Object.values((oldIndex?.weight_map as Record<string, string>) ?? {}));

  if (!options.maxShardBytes || total <= options.maxShardBytes) {
    await writeFileAtomic(join(dir, SINGLE_FILE), names, tensors, dtype);
    await rm(join(dir, INDEX_FILE), { force: true });
    for (const shard of oldShards) await rm(join(dir, shard), { force: true });
    return;
  }
  const groups: string[][] = [[]];
  let size = 0;
  for (const name of names) {
    if (size > 0 && size + bytesOf(name) > options.maxShardBytes) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(name);
    size += bytesOf(name);
  }
  const pad = (i: number) => String(i).padStart(5, '0');
  const weightMap: Record<string, string> = {};
  const written = new Set<string>();
  for (let i = 0; i < groups.length; i++) {
    const file = `model-${pad(i + 1)}-of-${pad(groups.length)}.safetensors`;
    await writeFileAtomic(join(dir, file), groups[i], tensors, dtype);
    for (const name of groups[i]) weightMap[name] = file;
    written.add(file);
  }
  const index = { metadata: { total_size: total }, weight_map: weightMap };
  await writeBytesAtomic(join(dir, INDEX_FILE), [
    new TextEncoder().encode(`${JSON.stringify(index, null, 2)}\n`),
  ]);
  await rm(join(dir, SINGLE_FILE), { force: true });
  for (const shard of oldShards) if (!written.has(shard)) await rm(join(dir, shard), { force: true });
}

/** The header bytes (length + JSON padded with spaces to 8 bytes) for `names` in that order. */
export function encodeSafetensorsHeader(
  names: readonly string[],
  tensors: ReadonlyMap<string, NamedTensor>,
  dtype: FloatDtype,
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const bytes = t.data.length * DTYPE_BYTES[dtype];
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const jsonBytes = new TextEncoder().encode(json).length;
  json += ' '.repeat((8 - (jsonBytes % 8)) % 8);
  const body = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true);
  out.set(body, 8);
  return out;
}

function encodeData(data: Float32Array, dtype: FloatDtype): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const half = dtype === 'BF16' ? f32ToBf16(data) : f32ToF16(data);
  return new Uint8Array(half.buffer);
}

/** Writes one safetensors file at `path` (atomically), e.g. optimizer state beside the model. */
export async function saveSafetensorsFile(
  path: string,
  tensors: ReadonlyMap<string, NamedTensor>,
  dtype: FloatDtype = 'F32',
): Promise<void> {
  await writeFileAtomic(path, [...tensors.keys()].sort(), tensors, dtype);
}

async function writeFileAtomic(
  path: string,
  names: readonly string[],
  tensors: ReadonlyMap<string, NamedTensor>,
  dtype: FloatDtype,
): Promise<void> {
  const chunks = function* () {
    yield encodeSafetensorsHeader(names, tensors, dtype);
    for (const name of names) yield encodeData(tensors.get(name)!.data, dtype);
  };
  await writeBytesAtomic(path, chunks());
}
