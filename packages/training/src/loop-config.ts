import { type OptimizerSettings, z } from '@reasonrl/core';

/**
 * Config fields every training loop shares (logging, checkpoints, validation set, optimizer
 * details), spread into each algorithm's schema so `--set grpo.checkpointEvery=10` and
 * `--set sft.checkpointEvery=10` mean the same thing.
 */
export const LOOP_CONFIG_FIELDS = {
  checkpointEvery: z
    .number()
    .int()
    .min(0)
    .default(50)
    .describe(
      'Write a checkpoint (model, optimizer, RNG, data cursor, step) every this many steps, and always at the end; 0 = only at the end.',
    ),
  keepCheckpoints: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('How many of the newest checkpoints to keep on disk.'),
  sampleLogEvery: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Log a few rollouts as text samples every this many steps; 0 = never.'),
  sampleLogCount: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('How many rollouts each text-sample log holds.'),
  alsoLogTo: z
    .array(z.string())
    .default(['tensorboard'])
    .describe(
      'Trackers to log to besides use.tracker (by name, e.g. tensorboard), so metrics.jsonl and TensorBoard both get every metric.',
    ),
  valTask: z
    .string()
    .optional()
    .describe(
      'Task (by name) whose problems are the validation set; unset = hold out evalExamples problems of the training task (seeded, never trained on).',
    ),
  adamBeta1: z.number().min(0).max(1).default(0.9).describe('AdamW beta1.'),
  adamBeta2: z.number().min(0).max(1).default(0.95).describe('AdamW beta2 (CS336 uses 0.95).'),
  adamEps: z.number().positive().default(1e-8).describe('AdamW epsilon.'),
  weightDecay: z.number().min(0).default(0).describe('AdamW decoupled weight decay (CS336: 0).'),
  maxGradNorm: z
    .number()
    .default(1.0)
    .describe('Clip the global gradient norm to this; <= 0 disables clipping (CS336: 1.0).'),
};

/** The optimizer fields of a loop's config section (LOOP_CONFIG_FIELDS' names). */
export interface OptimizerConfigFields {
  learningRate: number;
  adamBeta1: number;
  adamBeta2: number;
  adamEps: number;
  weightDecay: number;
  maxGradNorm: number;
}

/** AdamW and clipping settings for `TrainableBackend.trainStep`, from a loop's config section. */
export function optimizerSettingsOf(c: OptimizerConfigFields): OptimizerSettings {
  return {
    lr: c.learningRate,
    betas: [c.adamBeta1, c.adamBeta2],
    eps: c.adamEps,
    weightDecay: c.weightDecay,
    maxGradNorm: c.maxGradNorm,
  };
}
