import { type Problem, ReasonrlError } from '@reasonrl/core';
import { problemId, type RecordSource, requireAnswer, requireString } from './record-fields.js';

/** Which JSON fields hold the question and the reference answer of an arbitrary JSONL file. */
export interface FieldMap {
  question: string;
  answer: string;
}

/**
 * Parse `--field question=prompt,answer=target` into a FieldMap. Both keys are required; a nested
 * field is not supported (name top-level fields only).
 * @throws ReasonrlError FIELDS_INVALID naming the part that did not parse
 */
export function parseFieldMap(spec: string): FieldMap {
  const out: Partial<FieldMap> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(question|answer)\s*=\s*(\S+)$/.exec(part);
    if (!m) {
      throw new ReasonrlError(
        'FIELDS_INVALID',
        `fields '${spec}': cannot read '${part}' (expected question=<field> or answer=<field>)`,
      );
    }
    out[m[1] as keyof FieldMap] = m[2];
  }
  if (!out.question || !out.answer) {
    throw new ReasonrlError(
      'FIELDS_INVALID',
      `fields '${spec}': expected both question=<field> and answer=<field>`,
    );
  }
  return out as FieldMap;
}

/** One line of any JSONL file as a Problem, reading the fields named by `fields`. */
export function parseFieldsRecord(
  record: Record<string, unknown>,
  at: RecordSource,
  fields: FieldMap,
): Problem {
  return {
    id: problemId(record, at),
    question: requireString(record, fields.question, at),
    groundTruth: requireAnswer(record, fields.answer, at),
  };
}
