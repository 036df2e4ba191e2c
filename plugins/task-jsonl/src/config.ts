import { z } from '@reasonrl/core';

/** The `task` config section: which file, how to read it, which prompt. */
export const TaskFileConfig = z.strictObject({
  dataset: z
    .string()
    .optional()
    .describe('JSONL file of problems (required; the CLI sets it from --dataset).'),
  format: z
    .enum(['auto', 'gsm8k', 'math', 'countdown', 'fields'])
    .default('auto')
    .describe(
      'Record layout: auto = detect from the first line; gsm8k = question + answer with "#### N"; math = problem + answer, ' +
        'or solution with \\boxed{}; countdown = nums + target (answer verified by evaluating the equation); fields = any JSONL, see fields.',
    ),
  fields: z
    .string()
    .optional()
    .describe(
      'For any JSONL: the question and answer fields, e.g. "question=prompt,answer=target" (implies format fields).',
    ),
  prompt: z
    .string()
    .default('r1_zero')
    .describe('Prompt template: r1_zero, question_only, or a file containing {question}.'),
  limit: z.number().int().min(0).default(0).describe('Use only the first N problems (0 = all).'),
  skipBad: z
    .boolean()
    .default(false)
    .describe('Skip malformed lines (counted in the summary) instead of stopping before generation.'),
});
export type TaskFileConfig = z.infer<typeof TaskFileConfig>;
