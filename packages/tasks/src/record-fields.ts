import { JsonlError } from '@reasonrl/run-io';

/** Where a record came from, for error messages (`file:line: field 'x': ...`). */
export interface RecordSource {
  file: string;
  /** 1-based line number in the file. */
  line: number;
}

/** `record[field]` as a non-empty string, or a JsonlError naming the file, line and field. */
export function requireString(record: Record<string, unknown>, field: string, at: RecordSource): string {
  const value = record[field];
  if (value === undefined)
    throw new JsonlError(at.file, at.line, 'missing (expected a non-empty string)', field);
  if (typeof value !== 'string')
    throw new JsonlError(at.file, at.line, `expected a string, got ${describe(value)}`, field);
  if (value.trim() === '')
    throw new JsonlError(at.file, at.line, 'expected a non-empty string, got ""', field);
  return value;
}

/** `record[field]` as a string, or a finite number turned into its decimal string. */
export function requireAnswer(record: Record<string, unknown>, field: string, at: RecordSource): string {
  const value = record[field];
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new JsonlError(at.file, at.line, `expected a finite number, got ${value}`, field);
    return String(value);
  }
  return requireString(record, field, at);
}

/** `record[field]` as an integer (a JSON number or an integer string such as "23"). */
export function requireInteger(record: Record<string, unknown>, field: string, at: RecordSource): number {
  const value = record[field];
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new JsonlError(at.file, at.line, `expected an integer, got ${describe(value)}`, field);
  }
  return n;
}

/** A stable problem id: the record's own `id`/`unique_id` when it has one, else `L<line>`. */
export function problemId(record: Record<string, unknown>, at: RecordSource): string {
  for (const key of ['id', 'unique_id']) {
    const v = record[key];
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return `L${at.line}`;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
