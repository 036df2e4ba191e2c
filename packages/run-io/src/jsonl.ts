import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ReasonrlError } from '@reasonrl/core';

/**
 * Append one record as a single write of `json + "\n"` with O_APPEND, then fsync. A crash can at
 * worst leave a truncated last line, which `readJsonl` with `tolerateTruncatedTail` drops on resume.
 */
export function appendJsonl(path: string, record: unknown): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Append several records in one write (one fsync). */
export function appendJsonlMany(path: string, records: readonly unknown[]): void {
  if (records.length === 0) return;
  appendFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

/** A malformed JSONL line: the file, the 1-based line number, the field and what was expected. */
export class JsonlError extends ReasonrlError {
  readonly file: string;
  readonly line: number;
  readonly field?: string;
  constructor(file: string, line: number, message: string, field?: string) {
    super('JSONL_INVALID', `${file}:${line}${field ? `: field '${field}'` : ''}: ${message}`);
    this.name = 'JsonlError';
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

export interface ReadJsonlOptions {
  /** Drop an unterminated, unparsable last line (what a killed writer leaves) instead of failing. */
  tolerateTruncatedTail?: boolean;
}

/** Parse a JSONL file into objects with their line numbers; blank lines are skipped. */
export function readJsonl(
  file: string,
  options: ReadJsonlOptions = {},
): { line: number; value: Record<string, unknown> }[] {
  if (!existsSync(file)) throw new ReasonrlError('FILE_NOT_FOUND', `${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out: { line: number; value: Record<string, unknown> }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      const isTail = i === lines.length - 1 && !text.endsWith('\n');
      if (isTail && options.tolerateTruncatedTail) break;
      throw new JsonlError(file, i + 1, `not valid JSON (${(e as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new JsonlError(
        file,
        i + 1,
        `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
      );
    }
    out.push({ line: i + 1, value: value as Record<string, unknown> });
  }
  return out;
}
