import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, ReasonrlError, z } from '@reasonrl/core';
import { PLATFORMS } from './platform.js';
import { TfjsBackend, TRAIN_ENGINES } from './tfjs-backend.js';
import { MATMUL_ENGINES } from './wasm/ort-batch-mat-mul.js';

export const TfjsBackendConfig = z.strictObject({
  modelDir: z
    .string()
    .default('model')
    .describe('Hugging Face checkpoint folder to load (config.json, *.safetensors, tokenizer.json).'),
  platform: z
    .enum(PLATFORMS)
    .default('auto')
    .describe(
      'Tensor platform: auto (first that loads), tfjs-node-gpu / tfjs-node (optional native peers), wasm (fast CPU), cpu (pure JS, slowest).',
    ),
  trainEngine: z
    .enum(TRAIN_ENGINES)
    .default('auto')
    .describe(
      "Where a train step's forward and backward passes run: 'ort' (onnxruntime-node: native, threaded; ~4x faster " +
        "than wasm on the issue-5 model), 'tfjs' (the tensor platform, with tfjs autodiff), 'auto' (ort when it loads " +
        'and the microbatch logits fit, else tfjs; tfjs on tfjs-node-gpu, as ort is CPU-only). Log-probs, sampling and optimizer state stay in tfjs either way.',
    ),
  ortThreads: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      "Threads of onnxruntime inside one operator, for the 'ort' train engine and the wasm 'ort' matmul engine; 0 = onnxruntime's default (one per core).",
    ),
  matmul: z
    .enum(MATMUL_ENGINES)
    .default('auto')
    .describe(
      'Matrix products on the wasm platform: auto (ort when onnxruntime-node loads, else xnnpack, with the reason logged), ort (onnxruntime-node MLAS GEMM, native and multi-threaded; ~4-5x XNNPACK on the train step products here; leading-axis sums and AdamW updates run there too), xnnpack (the wasm backend own, single-threaded). Other platforms ignore it.',
    ),
  lr: z.number().positive().default(1e-5).describe('AdamW learning rate (peak, before the schedule).'),
  betas: z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .default([0.9, 0.95])
    .describe('AdamW (beta1, beta2); CS336 A5 uses (0.9, 0.95).'),
  eps: z
    .number()
    .positive()
    .default(1e-8)
    .describe('AdamW epsilon, added after the square root as in torch.'),
  weightDecay: z
    .number()
    .min(0)
    .default(0)
    .describe('Decoupled weight decay on every parameter (one group, like the golden AdamW step).'),
  maxGradNorm: z
    .number()
    .default(1)
    .describe('Global-norm gradient clip; <= 0 disables it. The logged grad_norm is before clipping.'),
  schedule: z
    .enum(['constant', 'cosine'])
    .default('constant')
    .describe(
      'constant: lr at every step; cosine: linear warmup over warmupSteps then cosine decay to minLrRatio*lr at totalSteps.',
    ),
  warmupSteps: z.number().int().min(0).default(0).describe('Warmup steps of the cosine schedule.'),
  totalSteps: z
    .number()
    .int()
    .positive()
    .default(1000)
    .describe('Steps over which the cosine schedule decays.'),
  minLrRatio: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('Final lr of the cosine schedule as a fraction of lr.'),
  saveDtype: z
    .enum(['F32', 'BF16', 'F16'])
    .default('F32')
    .describe('On-disk dtype of saved weights (compute is always float32).'),
});
export type TfjsBackendConfig = z.infer<typeof TfjsBackendConfig>;

export default definePlugin({
  name: 'reasonrl:backend-tfjs',
  description: 'Trainable Qwen2/Qwen3 policy on TensorFlow.js (Hugging Face checkpoints in and out)',
  configKey: 'tfjs',
  configSchema: TfjsBackendConfig,
  provides: [
    {
      kind: 'Backend',
      name: 'tfjs',
      description: 'Qwen2/Qwen3 decoder in TensorFlow.js: log-probs, entropies, AdamW training, HF save',
      create: ({ options }) => {
        if (!existsSync(join(options.modelDir, 'config.json'))) {
          throw new ReasonrlError(
            'MODEL_NOT_FOUND',
            `tfjs backend: no Hugging Face checkpoint at tfjs.modelDir='${options.modelDir}' (config.json missing); set it with --set tfjs.modelDir=path/to/model`,
          );
        }
        return TfjsBackend.load(options.modelDir, {
          platform: options.platform,
          trainEngine: options.trainEngine,
          ortThreads: options.ortThreads,
          matmul: options.matmul,
          saveDtype: options.saveDtype,
          optimizer: {
            lr: options.lr,
            betas: options.betas as [number, number],
            eps: options.eps,
            weightDecay: options.weightDecay,
            maxGradNorm: options.maxGradNorm,
            schedule:
              options.schedule === 'cosine'
                ? {
                    type: 'cosine',
                    warmupSteps: options.warmupSteps,
                    totalSteps: options.totalSteps,
                    minLrRatio: options.minLrRatio,
                  }
                : { type: 'constant' },
          },
        });
      },
    },
  ],
});
