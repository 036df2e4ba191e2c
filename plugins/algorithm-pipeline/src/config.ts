import { z } from '@reasonrl/core';

/** The training stages the pipeline knows how to name; any installed Algorithm may be listed too. */
export const DEFAULT_STAGES = ['eval', 'sft', 'ei', 'grpo'] as const;

/** Shape of the random-init base model made when `baseModel` is 'random' or unset (a Qwen2 decoder). */
export const TinyModelConfig = z.strictObject({
  hiddenSize: z.number().int().min(8).default(64).describe('Width of the residual stream.'),
  numHiddenLayers: z.number().int().min(1).default(2).describe('Decoder layers.'),
  numAttentionHeads: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('Query heads (hiddenSize must divide by it).'),
  numKeyValueHeads: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Key/value heads (GQA; divides numAttentionHeads).'),
  intermediateSize: z.number().int().min(1).default(128).describe('Width of the SwiGLU MLP.'),
  seed: z.number().int().default(0).describe('Seed of the N(0, std^2) init (same seed, same weights).'),
  std: z.number().positive().default(0.02).describe('Init std of every matrix (HF initializer_range).'),
});
export type TinyModelConfig = z.infer<typeof TinyModelConfig>;

/** The `pipeline` config section. Each stage's own knobs stay in its plugin's section (`sft`, `ei`, `grpo`). */
export const PipelineConfig = z.strictObject({
  stages: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_STAGES])
    .describe(
      "Stages in order: 'eval' validates only; any other name runs the Algorithm of that name (sft, ei, grpo) on the shared Backend and Sampler. A final eval is always added.",
    ),
  validationExamples: z
    .number()
    .int()
    .min(1)
    .default(64)
    .describe(
      "Problems of the synthetic task's validation split (synthetic.seed/minSteps/maxSteps/maxNumber) scored after every stage.",
    ),
  promptTemplate: z
    .enum(['r1_zero', 'question_only'])
    .default('r1_zero')
    .describe(
      'Prompt of the validation set, graded by the grader of the same name (r1_zero: <think>/<answer> format and answer; question_only: the bare question).',
    ),
  grader: z
    .string()
    .optional()
    .describe(
      'Grader of the validation by name; unset = the one named like promptTemplate. r1_zero with question_only prompts measures whether the model learned the trace format from SFT alone.',
    ),
  validationTemperature: z
    .number()
    .min(0)
    .default(0)
    .describe('Sampling temperature of the validation (0 = greedy, so the table is deterministic).'),
  validationMaxTokens: z
    .number()
    .int()
    .min(1)
    .default(64)
    .describe('Longest validation response in tokens (cost grows linearly).'),
  baseModel: z
    .string()
    .optional()
    .describe(
      "Base model: a Hugging Face checkpoint folder, an installed model package's name (tiny-math: the pretrained default of the tiny preset; the CLI resolves names), or 'random' (or unset) for a seeded random-init Qwen2 made in <run>/base-model with the tiny-math tokenizer. The tfjs backend and onnx sampler load the same folder.",
    ),
  tinyModel: TinyModelConfig.default(TinyModelConfig.parse({})).describe(
    "Shape and seed of the random-init base model (only when baseModel is 'random' or unset).",
  ),
});
export type PipelineConfig = z.infer<typeof PipelineConfig>;
