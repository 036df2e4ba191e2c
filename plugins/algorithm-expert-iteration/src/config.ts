import { z } from '@reasonrl/core';
import { LOOP_CONFIG_FIELDS } from '@reasonrl/training';

/** The `ei` config section: Expert Iteration (CS336 A5 §5). */
export const ExpertIterationConfig = z
  .strictObject({
    nEiSteps: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Expert Iteration steps (sample, filter, SFT, sync, validate). CS336: 5.'),
    eiBatchSize: z
      .number()
      .int()
      .min(1)
      .default(512)
      .describe('Questions sampled per EI step. CS336 sweeps 512, 1024, 2048.'),
    G: z.number().int().min(1).default(4).describe('Rollouts per question. CS336 sweeps several values.'),
    samplingTemperature: z.number().min(0).default(1.0).describe('Rollout sampling temperature.'),
    samplingMinTokens: z
      .number()
      .int()
      .min(0)
      .default(4)
      .describe('No rollout ends before this many tokens (avoids empty answers).'),
    samplingMaxTokens: z.number().int().min(1).default(1024).describe('Longest rollout in tokens.'),
    minKeptPerQuestion: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'A question contributes its correct rollouts only when it has at least this many (1 = every correct rollout is kept).',
      ),
    sftEpochs: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe('SFT passes over the kept rollouts of each EI step.'),
    learningRate: z.number().positive().default(2e-5).describe('AdamW learning rate (constant).'),
    trainBatchSize: z.number().int().min(1).default(32).describe('Kept rollouts per optimizer step.'),
    gradientAccumulationSteps: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('Microbatches per optimizer step (microbatch = trainBatchSize / this).'),
    promptTemplate: z
      .enum(['r1_zero', 'question_only'])
      .default('r1_zero')
      .describe('Prompt template, graded by the grader of the same name.'),
    grader: z
      .string()
      .optional()
      .describe('Grader by name; unset = the grader named like promptTemplate (r1_zero or question_only).'),
    evalEvery: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Validate every this many EI steps (and at the end); 0 = only at the end.'),
    evalExamples: z.number().int().min(0).default(1024).describe('Validation problems.'),
    evalTemperature: z
      .number()
      .min(0)
      .default(1.0)
      .describe('Sampling temperature for validation (0 = greedy).'),
    ...LOOP_CONFIG_FIELDS,
    checkpointEvery: LOOP_CONFIG_FIELDS.checkpointEvery.default(1),
    sampleLogEvery: LOOP_CONFIG_FIELDS.sampleLogEvery.default(1),
  })
  .superRefine((c, ctx) => {
    if (c.trainBatchSize % c.gradientAccumulationSteps !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['trainBatchSize'],
        message: `trainBatchSize (${c.trainBatchSize}) must be divisible by gradientAccumulationSteps (${c.gradientAccumulationSteps}): each optimizer step is that many equal microbatches`,
      });
    }
    if (c.minKeptPerQuestion > c.G) {
      ctx.addIssue({
        code: 'custom',
        path: ['minKeptPerQuestion'],
        message: `minKeptPerQuestion (${c.minKeptPerQuestion}) must be <= G (${c.G}): no question could ever be kept`,
      });
    }
    if (c.samplingMinTokens > c.samplingMaxTokens) {
      ctx.addIssue({
        code: 'custom',
        path: ['samplingMinTokens'],
        message: `samplingMinTokens (${c.samplingMinTokens}) must be <= samplingMaxTokens (${c.samplingMaxTokens})`,
      });
    }
  });
export type ExpertIterationConfig = z.infer<typeof ExpertIterationConfig>;
