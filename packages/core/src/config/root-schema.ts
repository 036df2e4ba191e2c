import { z } from 'zod';

/** `use`: which service of each kind a run takes, by its contribution name. */
export const UseSchema = z
  .strictObject({
    algorithm: z.string().optional().describe('Algorithm to run (e.g. grpo, sft, ei).'),
    backend: z.string().default('tfjs').describe('Trainable policy backend (tfjs).'),
    sampler: z.string().default('onnx').describe('Rollout engine (onnx, tfjs).'),
    grader: z.string().default('r1_zero').describe('Reward function (r1_zero, question_only).'),
    task: z.string().optional().describe('Data set of problems (gsm8k, math, countdown, jsonl, ...).'),
    tracker: z.string().default('jsonl').describe('Where metrics go (jsonl, tensorboard).'),
  })
  .default({ backend: 'tfjs', sampler: 'onnx', grader: 'r1_zero', tracker: 'jsonl' });

export const RunSchema = z
  .strictObject({
    dir: z.string().optional().describe('Run directory; default runs/<command>-<timestamp>.'),
    seed: z.number().int().default(0).describe('Seed for every random choice of the run.'),
    name: z.string().optional().describe('Human-readable run name, recorded in the run directory.'),
  })
  .default({ seed: 0 });

/** The keys core owns; every other top-level key belongs to a plugin (its `configKey`). */
export const CoreSchema = z.strictObject({
  plugins: z
    .array(z.string())
    .default([])
    .describe('Extra plugin packages to load (npm names or paths), besides those installed with the app.'),
  use: UseSchema,
  run: RunSchema,
});

export type CoreConfig = z.infer<typeof CoreSchema>;
/** Core keys plus one validated section per plugin config key. */
export type ResolvedConfig = CoreConfig & Record<string, unknown>;
export const CORE_KEYS = Object.keys(CoreSchema.shape);
