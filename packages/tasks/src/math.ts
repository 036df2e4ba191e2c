import type { Problem } from '@reasonrl/core';
import { extractBoxed } from '@reasonrl/math-grading';
import { JsonlError } from '@reasonrl/run-io';
import { problemId, type RecordSource, requireAnswer, requireString } from './record-fields.js';

/**
 * One MATH-style line as a Problem: `problem` plus `answer` (MATH-500), or `problem` plus a `solution`
 * whose last `\boxed{...}` is the answer (Hendrycks MATH). `answer` wins when both are present; the
 * solution, subject and level are kept in `meta`.
 */
export function parseMathRecord(record: Record<string, unknown>, at: RecordSource): Problem {
  const question = requireString(record, 'problem', at);
  const meta: Record<string, unknown> = {};
  for (const key of ['solution', 'subject', 'level']) if (record[key] !== undefined) meta[key] = record[key];
  if (record.answer !== undefined) {
    return { id: problemId(record, at), question, groundTruth: requireAnswer(record, 'answer', at), meta };
  }
  if (record.solution === undefined) {
    throw new JsonlError(
      at.file,
      at.line,
      "missing: a MATH record needs 'answer', or a 'solution' with \\boxed{...}",
      'answer',
    );
  }
  const solution = requireString(record, 'solution', at);
  const boxed = extractBoxed(solution);
  if (boxed === null || boxed.trim() === '') {
    throw new JsonlError(
      at.file,
      at.line,
      'expected a worked solution with a non-empty \\boxed{...} answer',
      'solution',
    );
  }
  return { id: problemId(record, at), question, groundTruth: boxed.trim(), meta };
}
