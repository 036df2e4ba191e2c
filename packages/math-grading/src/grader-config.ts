import { z } from '@reasonrl/core';
import { DEFAULT_GRADE_OPTIONS } from './grade.js';

/**
 * The config of both math Grader plugins (`r1_zero`, `question_only`): one documented schema, every field
 * with its default and meaning, so `--help` and `reasonrl config` describe them.
 */
export const MathGraderConfig = z.strictObject({
  timeoutMs: z
    .number()
    .positive()
    .default(DEFAULT_GRADE_OPTIONS.timeoutMs)
    .describe(
      'CAS budget per answer comparison, ms; a slower symbolic comparison counts as not equal (metadata.timedOut).',
    ),
  maxFreeVariables: z
    .number()
    .int()
    .min(0)
    .default(DEFAULT_GRADE_OPTIONS.maxFreeVariables)
    .describe('Most free variables an expression may have for a symbolic comparison (reference grader: 2).'),
  maxAnswerChars: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_GRADE_OPTIONS.maxAnswerChars)
    .describe('Extracted answers longer than this (characters) are wrong without further work.'),
  threads: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Worker threads for gradeBatch; each costs a CPU core and ~100 MB while a batch runs.'),
  minBatchForThreads: z
    .number()
    .int()
    .min(1)
    .default(2048)
    .describe(
      'Smaller batches are graded on the calling thread: workers start anew per call (measured 1.2 s for 256 GSM8K answers vs 13 ms inline).',
    ),
});

export type MathGraderConfig = z.infer<typeof MathGraderConfig>;
