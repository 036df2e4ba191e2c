import { z } from '@reasonrl/core';

/** The `eval` config section. Sampling defaults are the assignments' (vLLM SamplingParams in camelCase). */
export const EvalConfig = z.strictObject({
  temperature: z.number().min(0).default(1).describe('Sampling temperature (assignments: 1.0; 0 = greedy).'),
  topP: z.number().gt(0).max(1).default(1).describe('Nucleus sampling mass (assignments: 1.0).'),
  maxTokens: z
    .number()
    .int()
    .min(1)
    .default(1024)
    .describe('Maximum new tokens per response (assignments: 1024).'),
  stop: z
    .array(z.string().min(1))
    .default(['</answer>'])
    .describe('Stop strings; the matched one is kept in the output (assignments: </answer>).'),
  seed: z
    .number()
    .int()
    .optional()
    .describe('Sampling seed (default run.seed); batch b uses seed + its first problem index.'),
  batchSize: z
    .number()
    .int()
    .min(1)
    .default(8)
    .describe('Prompts per generate call; results are appended after each batch (the resume unit).'),
  examplesPerCategory: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Examples of each category kept in summary.json.'),
});
export type EvalConfig = z.infer<typeof EvalConfig>;
