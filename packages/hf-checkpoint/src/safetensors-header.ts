import { DTYPE_BYTES, type FloatDtype, isFloatDtype } from './dtype.js';
import { CheckpointError } from './errors.js';

/** One tensor's entry in a safetensors header; offsets are relative to the start of the data section. */
export interface TensorEntry {
  name: string;
  dtype: FloatDtype;
  shape: number[];
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** Bytes before the data section: 8 (header length) + header length. */
  dataStart: number;
  tensors: TensorEntry[];
  metadata: Record<string, string>;
}

/** The safetensors format caps the JSON header at 100 MB (a guard against hostile length fields). */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Reads the 8-byte little-endian header length, then validates the JSON header of a safetensors file of
 * `fileSize` bytes: size bounds, dtypes (F32/F16/BF16), shapes, byte lengths matching shape x dtype, offsets inside
 * the file, and a data section covered exactly once (no overlap, no hole). `readBytes(position, length)` reads
 * from the file; `file` names it in errors.
 */
export async function readSafetensorsHeader(
  file: string,
  fileSize: number,
  readBytes: (position: number, length: number) => Promise<Uint8Array>,
): Promise<SafetensorsHeader> {
  if (fileSize < 8)
    throw new CheckpointError(
      `${file}: ${fileSize} bytes is too small for a safetensors file (needs an 8-byte header length)`,
    );
  const lenBytes = await readBytes(0, 8);
  const headerLen = Number(new DataView(lenBytes.buffer, lenBytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLen > MAX_HEADER_BYTES || headerLen > fileSize - 8) {
    throw new CheckpointError(
      `${file}: header length ${headerLen} is out of bounds (file has ${fileSize} bytes; limit ${MAX_HEADER_BYTES})`,
    );
  }
  const raw = await readBytes(8, headerLen);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (err) {
    throw new CheckpointError(`${file}: header is not valid UTF-8 JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CheckpointError(`${file}: header must be a JSON object`);
  }
  const dataStart = 8 + headerLen;
  const dataLen = fileSize - dataStart;
  const tensors: TensorEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = parseMetadata(file, value);
      continue;
    }
    tensors.push(parseEntry(file, name, value, dataLen));
  }
  checkCoverage(file, tensors, dataLen);
  return { dataStart, tensors, metadata };
}

function parseMetadata(file: string, value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(`${file}: '__metadata__' must be an object of strings`);
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw new CheckpointError(`${file}: '__metadata__.${k}' must be a string, got ${typeof v}`);
  }
  return value as Record<string, string>;
}

function parseEntry(file: string, name: string, value: unknown, dataLen: number): TensorEntry {
  const where = `${file}: tensor '${name}'`;
  const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof v !== 'object' || v === null) throw new CheckpointError(`${where}: entry must be an object`);
  if (!isFloatDtype(v.dtype)) {
    throw new CheckpointError(
      `${where}: dtype ${JSON.stringify(v.dtype)} is not supported (expected F32, F16 or BF16)`,
    );
  }
  const shape = v.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CheckpointError(
      `${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  const offsets = v.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    throw new CheckpointError(
      `${where}: data_offsets must be [begin, end] integers, got ${JSON.stringify(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLen) {
    throw new CheckpointError(
      `${where}: data_offsets [${begin}, ${end}] lie outside the data section of ${dataLen} bytes`,
    );
  }
  const expected = (shape as number[]).reduce((a, b) => a * b, 1) * DTYPE_BYTES[v.dtype];
  if (end - begin !== expected) {
    throw new CheckpointError(
      `${where}: holds ${end - begin} bytes but shape [${shape.join(', ')}] of ${v.dtype} needs ${expected}`,
    );
  }
  return { name, dtype: v.dtype, shape: shape as number[], begin, end };
}

function checkCoverage(file: string, tensors: TensorEntry[], dataLen: number): void {
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const t of sorted) {
    if (t.begin === t.end) continue;
    if (t.begin < cursor)
      throw new CheckpointError(
        `${file}: tensor '${t.name}' overlaps the tensor before it (offset ${t.begin} < ${cursor})`,
      );
    if (t.begin > cursor)
      throw new CheckpointError(
        `${file}: ${t.begin - cursor} unused bytes before tensor '${t.name}' (offset ${cursor})`,
      );
    cursor = t.end;
  }
  if (cursor !== dataLen) {
    throw new CheckpointError(`${file}: data section has ${dataLen} bytes but the tensors cover ${cursor}`);
  }
}
