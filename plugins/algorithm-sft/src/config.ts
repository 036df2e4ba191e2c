import { z } from '@reasonrl/core';
import { LOOP_CONFIG_FIELDS } from '@reasonrl/training';

/** The `sft` config section: supervised fine-tuning on reasoning traces (CS336 A5 §4). */
export const SftConfig = z
  .strictObject({
    dataPath: z
      .string()
      .optional()
      .describe(
        'JSONL of {prompt, response, ground_truth?} (the prompt already formatted); unset = the selected Task, with meta.trace as the response.',
      ),
    limitExamples: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'Train on the first N examples (after filtering); 0 = all. The dataset-size sweep: 128, 256, 512, 1024, 0.',
      ),
    filterCorrect: z
      .boolean()
      .default(false)
      .describe(
        'Keep only examples whose response the grader accepts against ground_truth (the filtered size is logged as sft/examples).',
      ),
    epochs: z
      .number()
      .min(0)
      .default(1)
      .describe('Passes over the training examples (fractions allowed); ignored when maxSteps > 0.'),
    maxSteps: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Optimizer steps to take; 0 = ceil(epochs x examples / trainBatchSize).'),
    learningRate: z.number().positive().default(2e-5).describe('AdamW learning rate (constant).'),
    trainBatchSize: z.number().int().min(1).default(32).describe('Examples per optimizer step.'),
    gradientAccumulationSteps: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('Microbatches per optimizer step (microbatch = trainBatchSize / this).'),
    promptTemplate: z
      .enum(['r1_zero', 'question_only'])
      .default('r1_zero')
      .describe('Prompt template for Task data and validation, graded by the grader of the same name.'),
    grader: z
      .string()
      .optional()
      .describe('Grader by name; unset = the grader named like promptTemplate (r1_zero or question_only).'),
    evalEvery: z
      .number()
      .int()
      .min(0)
      .default(50)
      .describe('Validate every this many optimizer steps (and at the end); 0 = only at the end.'),
    evalExamples: z.number().int().min(0).default(1024).describe('Validation problems.'),
    evalTemperature: z
      .number()
      .min(0)
      .default(1.0)
      .describe('Sampling temperature for validation (0 = greedy).'),
    evalMaxTokens: z.number().int().min(1).default(1024).describe('Longest validation response in tokens.'),
    ...LOOP_CONFIG_FIELDS,
  })
  .superRefine((c, ctx) => {
    if (c.trainBatchSize % c.gradientAccumulationSteps !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['trainBatchSize'],
        message: `trainBatchSize (${c.trainBatchSize}) must be divisible by gradientAccumulationSteps (${c.gradientAccumulationSteps}): each optimizer step is that many equal microbatches`,
      });
    }
    if (c.maxSteps === 0 && c.epochs === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['epochs'],
        message: 'epochs is 0 and maxSteps is 0: nothing to train; set one of them',
      });
    }
  });
export type SftConfig = z.infer<typeof SftConfig>;
