import type { Problem } from '@reasonrl/core';
import { extractGsm8kAnswer } from '@reasonrl/math-grading';
import { JsonlError } from '@reasonrl/run-io';
import { problemId, type RecordSource, requireString } from './record-fields.js';

/**
 * One GSM8K line `{"question", "answer"}` as a Problem: the ground truth is the text after the last
 * `####` of `answer` (thousands commas removed); the worked solution is kept in `meta.solution`.
 */
export function parseGsm8kRecord(record: Record<string, unknown>, at: RecordSource): Problem {
  const question = requireString(record, 'question', at);
  const solution = requireString(record, 'answer', at);
  let groundTruth: string;
  try {
    groundTruth = extractGsm8kAnswer(solution);
  } catch (e) {
    throw new JsonlError(
      at.file,
      at.line,
      `expected a worked solution ending in '#### <answer>' (${(e as Error).message})`,
      'answer',
    );
  }
  return { id: problemId(record, at), question, groundTruth, meta: { solution } };
}
