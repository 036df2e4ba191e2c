import { readFile } from 'node:fs/promises';
import { CheckpointError } from './errors.js';

/** Reads and parses a JSON object file; a missing file gives `undefined` when `optional`, else a CheckpointError. */
export async function readJsonObject(
  path: string,
  optional: true,
): Promise<Record<string, unknown> | undefined>;
export async function readJsonObject(path: string, optional?: false): Promise<Record<string, unknown>>;
export async function readJsonObject(
  path: string,
  optional = false,
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CheckpointError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CheckpointError(`${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(
      `${path} must hold a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}
