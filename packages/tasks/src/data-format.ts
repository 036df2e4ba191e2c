import { ReasonrlError } from '@reasonrl/core';

/**
 * The record layouts the loaders know:
 * - `gsm8k`: `question` + `answer` ending in `#### N`;
 * - `math`: `problem` + `answer`, or `problem` + `solution` with `\boxed{}` (MATH, MATH-500);
 * - `countdown`: `nums` + `target` (or d1's `input` + `output`), verified by evaluating the equation;
 * - `fields`: any JSONL, with the question and answer fields named by `fields`.
 */
export const DATA_FORMATS = ['gsm8k', 'math', 'countdown', 'fields'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/**
 * The format of a record, from the fields it has (the first record of a file decides).
 * @throws ReasonrlError FORMAT_UNKNOWN listing the fields found and those each format expects
 */
export function detectFormat(
  record: Record<string, unknown>,
  where = 'record',
): Exclude<DataFormat, 'fields'> {
  if ('question' in record && 'answer' in record) return 'gsm8k';
  if ('problem' in record && ('answer' in record || 'solution' in record)) return 'math';
  if (('nums' in record && 'target' in record) || ('input' in record && 'output' in record))
    return 'countdown';
  throw new ReasonrlError(
    'FORMAT_UNKNOWN',
    `${where}: cannot tell the data format from fields [${Object.keys(record).join(', ')}]; expected question+answer (gsm8k), ` +
      'problem+answer|solution (math), nums+target (countdown), or name them with --field question=...,answer=...',
  );
}
