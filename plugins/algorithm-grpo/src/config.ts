import { z } from '@reasonrl/core';
import { LOOP_CONFIG_FIELDS } from '@reasonrl/training';

/** The policy-gradient losses, each a `Loss` plugin of the same name. */
export const GRPO_LOSS_TYPES = [
  'no_baseline',
  'reinforce_with_baseline',
  'grpo_clip',
  'grpo_no_clip',
] as const;

/**
 * The `grpo` config section: CS336 A5's GRPO hyperparameters with the assignment's defaults
 * (TRL's GRPOConfig is the model for naming every knob in one place).
 */
export const GrpoConfig = z
  .strictObject({
    nGrpoSteps: z
      .number()
      .int()
      .min(1)
      .default(200)
      .describe('Rollout batches to train on (outer GRPO steps). CS336: 200.'),
    learningRate: z
      .number()
      .positive()
      .default(1e-5)
      .describe('AdamW learning rate (constant). CS336: 1e-5.'),
    advantageEps: z
      .number()
      .min(0)
      .default(1e-6)
      .describe('Added to the group std before dividing (avoids 0/0 on equal rewards). CS336: 1e-6.'),
    rolloutBatchSize: z
      .number()
      .int()
      .min(1)
      .default(256)
      .describe('Rollouts per GRPO step (= prompts x groupSize). CS336: 256.'),
    groupSize: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('Rollouts per prompt; advantages are normalized within each group. CS336: 8.'),
    samplingTemperature: z.number().min(0).default(1.0).describe('Rollout sampling temperature. CS336: 1.0.'),
    samplingMinTokens: z
      .number()
      .int()
      .min(0)
      .default(4)
      .describe('No rollout ends before this many tokens (avoids empty answers). CS336: 4.'),
    samplingMaxTokens: z
      .number()
      .int()
      .min(1)
      .default(1024)
      .describe(
        'Longest rollout in tokens; longer ones are cut (response_length/truncated_fraction). CS336: 1024.',
      ),
    epochsPerRolloutBatch: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'Passes over each rollout batch; > 1 is off-policy (old log-probs computed once per batch and reused). CS336: 1.',
      ),
    trainBatchSize: z
      .number()
      .int()
      .min(1)
      .default(256)
      .describe(
        'Rollouts per optimizer step; < rolloutBatchSize gives several steps per batch (off-policy). CS336: 256.',
      ),
    gradientAccumulationSteps: z
      .number()
      .int()
      .min(1)
      .default(128)
      .describe(
        'Microbatches per optimizer step (microbatch = trainBatchSize / this); trades memory for time. CS336: 128.',
      ),
    lossType: z
      .enum(GRPO_LOSS_TYPES)
      .default('reinforce_with_baseline')
      .describe(
        'Policy-gradient loss (a Loss plugin): no_baseline = -reward * logp; reinforce_with_baseline = -advantage * logp; ' +
          'grpo_clip = PPO-style clipped ratio (needs old log-probs); grpo_no_clip = unclipped ratio. CS336: reinforce_with_baseline.',
      ),
    useStdNormalization: z
      .boolean()
      .default(true)
      .describe('Divide advantages by the group std (false = mean-centering only, Dr. GRPO). CS336: true.'),
    cliprange: z
      .number()
      .positive()
      .default(0.2)
      .describe('epsilon of grpo_clip: ratios are clipped to [1 - eps, 1 + eps]. CS336: 0.2.'),
    lengthNormalization: z
      .enum(['masked_mean', 'masked_normalize'])
      .default('masked_mean')
      .describe(
        'Per-sequence aggregation: masked_mean = mean over the response tokens; masked_normalize = sum / normalizeConstant (Dr. GRPO). CS336: masked_mean.',
      ),
    normalizeConstant: z
      .number()
      .positive()
      .optional()
      .describe('Divisor for masked_normalize; unset = samplingMaxTokens.'),
    promptTemplate: z
      .enum(['r1_zero', 'question_only'])
      .default('r1_zero')
      .describe(
        'Prompt template, graded by the grader of the same name (r1_zero: <think>/<answer> format + answer; question_only: last \\boxed{}).',
      ),
    grader: z
      .string()
      .optional()
      .describe('Grader by name; unset = the grader named like promptTemplate (r1_zero or question_only).'),
    evalEvery: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe('Validate every this many GRPO steps (and at the end); 0 = only at the end.'),
    evalAtStart: z
      .boolean()
      .default(true)
      .describe('Validate once before the first step (logged at step 0) so every run has a baseline.'),
    evalExamples: z.number().int().min(0).default(1024).describe('Validation problems. CS336: 1024.'),
    evalTemperature: z
      .number()
      .min(0)
      .default(1.0)
      .describe('Sampling temperature for validation (0 = greedy). CS336 evaluates at 1.0.'),
    checkSamplerLogprobs: z
      .boolean()
      .default(true)
      .describe(
        'Score each rollout batch with the trainer to log the sampler-vs-trainer log-prob difference (an extra forward pass when the loss needs no old log-probs).',
      ),
    ...LOOP_CONFIG_FIELDS,
  })
  .superRefine((c, ctx) => {
    for (const issue of grpoConfigIssues(c))
      ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.field] });
  });
export type GrpoConfig = z.infer<typeof GrpoConfig>;

/** Numbers the loop derives from the config (CS336's names, camelCase). */
export interface GrpoDerived {
  microTrainBatchSize: number;
  nPromptsPerRolloutBatch: number;
  nMicrobatchesPerRolloutBatch: number;
  optimizerStepsPerRolloutBatch: number;
  /** Whether the policy that sampled differs from the one trained on some steps. */
  offPolicy: boolean;
}

/**
 * The assignment's consistency rules, each with the field to fix and the numbers involved:
 * train_batch_size % gradient_accumulation_steps == 0, rollout_batch_size % group_size == 0,
 * train_batch_size >= group_size, and (so every epoch is whole optimizer steps)
 * rollout_batch_size % train_batch_size == 0.
 */
export function grpoConfigIssues(
  c: Pick<
    GrpoConfig,
    | 'trainBatchSize'
    | 'gradientAccumulationSteps'
    | 'rolloutBatchSize'
    | 'groupSize'
    | 'samplingMinTokens'
    | 'samplingMaxTokens'
  >,
): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (c.trainBatchSize % c.gradientAccumulationSteps !== 0) {
    issues.push({
      field: 'trainBatchSize',
      message: `trainBatchSize (${c.trainBatchSize}) must be divisible by gradientAccumulationSteps (${c.gradientAccumulationSteps}): each optimizer step is that many equal microbatches`,
    });
  }
  if (c.rolloutBatchSize % c.groupSize !== 0) {
    issues.push({
      field: 'rolloutBatchSize',
      message: `rolloutBatchSize (${c.rolloutBatchSize}) must be divisible by groupSize (${c.groupSize}): each prompt gets groupSize rollouts`,
    });
  }
  if (c.trainBatchSize < c.groupSize) {
    issues.push({
      field: 'trainBatchSize',
      message: `trainBatchSize (${c.trainBatchSize}) must be >= groupSize (${c.groupSize})`,
    });
  }
  if (c.rolloutBatchSize % c.trainBatchSize !== 0) {
    issues.push({
      field: 'rolloutBatchSize',
      message: `rolloutBatchSize (${c.rolloutBatchSize}) must be divisible by trainBatchSize (${c.trainBatchSize}) so every epoch over a rollout batch is whole optimizer steps`,
    });
  }
  if (c.samplingMinTokens > c.samplingMaxTokens) {
    issues.push({
      field: 'samplingMinTokens',
      message: `samplingMinTokens (${c.samplingMinTokens}) must be <= samplingMaxTokens (${c.samplingMaxTokens})`,
    });
  }
  return issues;
}

/** Derived batch sizes, for a config that passed `grpoConfigIssues`. */
export function grpoDerived(c: GrpoConfig): GrpoDerived {
  const microTrainBatchSize = c.trainBatchSize / c.gradientAccumulationSteps;
  const optimizerStepsPerRolloutBatch = (c.rolloutBatchSize / c.trainBatchSize) * c.epochsPerRolloutBatch;
  return {
    microTrainBatchSize,
    nPromptsPerRolloutBatch: c.rolloutBatchSize / c.groupSize,
    nMicrobatchesPerRolloutBatch: c.rolloutBatchSize / microTrainBatchSize,
    optimizerStepsPerRolloutBatch,
    offPolicy: optimizerStepsPerRolloutBatch > 1,
  };
}
