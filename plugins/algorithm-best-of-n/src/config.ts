import { z } from '@reasonrl/core';

/** The `bestOfN` config section. */
export const BestOfNConfig = z.strictObject({
  n: z
    .array(z.number().int().min(1))
    .min(1)
    .default([1, 4, 8, 16])
    .describe('Values of N to report pass@N and Best@N for, each from the first N samples of every prompt.'),
  samples: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      'Samples drawn per prompt in one generation pass (default: the largest N); the unbiased pass@k uses all of them.',
    ),
  temperature: z
    .number()
    .min(0)
    .default(1)
    .describe('Sampling temperature (1.0: the distribution Best@N ranks).'),
  topP: z.number().gt(0).max(1).default(1).describe('Nucleus sampling mass.'),
  maxTokens: z
    .number()
    .int()
    .min(1)
    .default(1024)
    .describe('Maximum new tokens per sample (assignments: 1024).'),
  stop: z.array(z.string().min(1)).default(['</answer>']).describe('Stop strings, kept in the output.'),
  seed: z
    .number()
    .int()
    .optional()
    .describe('Sampling seed (default run.seed); batch b uses seed + its first problem index.'),
  batchSize: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('Prompts per generate call (each with all its samples); the resume unit.'),
  evalRun: z
    .string()
    .optional()
    .describe(
      "An eval run directory: its results.jsonl responses are reused as each prompt's first sample (fewer to generate).",
    ),
  png: z
    .boolean()
    .default(true)
    .describe('Also render the plot as PNG (resvg); the SVG and HTML are always written.'),
});
export type BestOfNConfig = z.infer<typeof BestOfNConfig>;
