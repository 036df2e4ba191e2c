import { z } from '@reasonrl/core';

/** The `synthetic` config section: which split, how many, how hard. */
export const SyntheticTaskConfig = z.strictObject({
  split: z
    .enum(['train', 'validation', 'test'])
    .default('test')
    .describe(
      'Split to draw (train 80%, validation 10%, test 10% by a hash of the text: never overlapping).',
    ),
  count: z.number().int().min(1).default(200).describe('Number of distinct problems.'),
  seed: z.number().int().default(0).describe('Generator seed (same seed, same problems).'),
  minSteps: z.number().int().min(1).max(8).default(1).describe('Fewest operations per problem (difficulty).'),
  maxSteps: z.number().int().min(1).max(8).default(4).describe('Most operations per problem (difficulty).'),
  maxNumber: z
    .number()
    .int()
    .min(5)
    .max(999)
    .default(99)
    .describe('Largest start value and addend (difficulty: size of numbers; < 100 keeps texts short).'),
  prompt: z
    .string()
    .default('r1_zero')
    .describe('Prompt template: r1_zero, question_only, or a file containing {question}.'),
});
export type SyntheticTaskConfig = z.infer<typeof SyntheticTaskConfig>;
