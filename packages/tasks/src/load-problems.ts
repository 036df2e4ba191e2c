import { existsSync, readFileSync } from 'node:fs';
import { type Problem, ReasonrlError } from '@reasonrl/core';
import { JsonlError } from '@reasonrl/run-io';
import { parseCountdownRecord } from './countdown.js';
import { type DataFormat, detectFormat } from './data-format.js';
import { type FieldMap, parseFieldsRecord } from './field-map.js';
import { parseGsm8kRecord } from './gsm8k.js';
import { parseMathRecord } from './math.js';
import type { RecordSource } from './record-fields.js';

export interface LoadProblemsOptions {
  /** Record layout; `auto` detects it from the first record's fields. */
  format?: DataFormat | 'auto';
  /** Required for format `fields`; with `auto` it forces the `fields` format. */
  fields?: FieldMap;
  /** Keep the first `limit` good problems and stop reading (0 or undefined: all). */
  limit?: number;
  /** Skip malformed lines (each is counted and returned) instead of failing on the first. */
  skipBad?: boolean;
}

export interface LoadedProblems {
  problems: Problem[];
  format: DataFormat;
  /** Malformed lines that were skipped (only with `skipBad`). */
  skipped: JsonlError[];
}

/**
 * Read a JSONL file of problems. Every line up to `limit` good problems is parsed and checked before
 * anything is returned, so a bad file stops a run before it generates anything.
 * @throws JsonlError naming file, line and field of the first malformed line (unless `skipBad`)
 */
export function loadProblems(file: string, options: LoadProblemsOptions = {}): LoadedProblems {
  if (!existsSync(file)) throw new ReasonrlError('FILE_NOT_FOUND', `${file}: no such data set file`);
  const limit = options.limit && options.limit > 0 ? options.limit : Number.POSITIVE_INFINITY;
  let format: DataFormat | undefined =
    options.format === 'auto' || !options.format ? (options.fields ? 'fields' : undefined) : options.format;
  if (format === 'fields' && !options.fields) {
    throw new ReasonrlError(
      'FIELDS_INVALID',
      "format 'fields' needs the field names: --field question=<field>,answer=<field>",
    );
  }
  const problems: Problem[] = [];
  const skipped: JsonlError[] = [];
  const seen = new Map<string, number>();
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length && problems.length < limit; i++) {
    const text = lines[i].trim();
    if (!text) continue;
    const at: RecordSource = { file, line: i + 1 };
    try {
      const record = parseLine(text, at);
      // An unknown layout is not a malformed line: detectFormat's error is never skipped.
      format ??= detectFormat(record, `${file}:${at.line}`);
      const problem = parseRecord(record, at, format, options.fields);
      const first = seen.get(problem.id);
      if (first !== undefined)
        throw new JsonlError(file, at.line, `duplicate id '${problem.id}' (first on line ${first})`, 'id');
      seen.set(problem.id, at.line);
      problems.push(problem);
    } catch (e) {
      if (!(e instanceof JsonlError) || !options.skipBad) throw e;
      skipped.push(e);
    }
  }
  if (problems.length === 0) {
    throw new ReasonrlError(
      'DATASET_EMPTY',
      `${file}: no usable problems${skipped.length ? ` (${skipped.length} malformed lines skipped)` : ''}`,
    );
  }
  return { problems, format: format ?? 'fields', skipped };
}

function parseLine(text: string, at: RecordSource): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new JsonlError(at.file, at.line, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonlError(
      at.file,
      at.line,
      `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  return value as Record<string, unknown>;
}

function parseRecord(
  record: Record<string, unknown>,
  at: RecordSource,
  format: DataFormat,
  fields?: FieldMap,
): Problem {
  switch (format) {
    case 'gsm8k':
      return parseGsm8kRecord(record, at);
    case 'math':
      return parseMathRecord(record, at);
    case 'countdown':
      return parseCountdownRecord(record, at);
    case 'fields':
      return parseFieldsRecord(record, at, fields as FieldMap);
  }
}
