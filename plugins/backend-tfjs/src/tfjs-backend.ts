import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BatchTokenizer,
  type LogProbsResult,
  type Loss,
  type LossInputs,
  type LossOptions,
  type NamedWeights,
  type OptimizerSettings,
  ReasonrlError,
  type TokenBatch,
  type TrainableBackend,
  type TrainMicrobatch,
  type TrainStepResult,
} from '@reasonrl/core';
import { type FloatDtype, loadCheckpoint, loadTokenizer, saveCheckpoint } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { getResponseLogProbs } from './get-response-log-probs.js';
import { QwenModel } from './model/qwen-model.js';
import { loadOptimizerState, saveOptimizerState } from './optim/optimizer-state.js';
import { type Platform, selectPlatform, stateBytes, WASM_HEAP_BUDGET_BYTES } from './platform.js';
import { type Microbatch, type MicrobatchLoss, Trainer, type TrainerSettings } from './trainer.js';

export const DEFAULT_TRAINER_SETTINGS: TrainerSettings = {
  lr: 1e-5,
  betas: [0.9, 0.95],
  eps: 1e-8,
  weightDecay: 0.0,
  maxGradNorm: 1.0,
  schedule: { type: 'constant' },
};

export interface TfjsBackendOptions {
  platform?: Platform;
  optimizer?: Partial<TrainerSettings>;
  /** On-disk dtype for `save` (default F32). */
  saveDtype?: FloatDtype;
}

/**
 * The trainable policy on TensorFlow.js: a Qwen2/Qwen3 model loaded from a Hugging Face folder, per-token log-probs
 * and entropies, train steps with any microbatch loss, and saving back to the same format (with optimizer state, so
 * training resumes exactly).
 */
export class TfjsBackend implements TrainableBackend {
  readonly name = 'tfjs';
  readonly trainer: Trainer;

  private constructor(
    readonly model: QwenModel,
    readonly platform: string,
    readonly sourceDir: string,
    private readonly loadedTokenizer: BatchTokenizer | undefined,
    settings: TrainerSettings,
    private readonly saveDtype: FloatDtype,
  ) {
    this.trainer = new Trainer(model, settings);
  }

  /** The checkpoint's tokenizer; a checkpoint saved without `tokenizer.json` can compute but not tokenize. */
  get tokenizer(): BatchTokenizer {
    if (!this.loadedTokenizer) {
      throw new ReasonrlError(
        'TOKENIZER_MISSING',
        `${this.sourceDir}: no tokenizer.json, so this backend cannot turn text into tokens`,
      );
    }
    return this.loadedTokenizer;
  }

  /** Loads `dir` (config, weights, and optimizer state when present) on the requested platform. */
  static async load(dir: string, options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
    const checkpoint = await loadCheckpoint(dir);
    let numParams = 0;
    for (const t of checkpoint.tensors.values()) numParams += t.data.length;
    const bytes = stateBytes(numParams, true);
    const gib = (n: number) => (n / 1024 ** 3).toFixed(1);
    const avoid =
      bytes > WASM_HEAP_BUDGET_BYTES
        ? {
            wasm: `training state of ${gib(bytes)} GiB exceeds the wasm heap budget of ${gib(WASM_HEAP_BUDGET_BYTES)} GiB`,
          }
        : {};
    const { platform } = await selectPlatform(options.platform ?? 'auto', { avoid });
    const model = QwenModel.fromCheckpoint(checkpoint);
    const backend = new TfjsBackend(
      model,
      platform,
      dir,
      existsSync(join(dir, 'tokenizer.json')) ? await loadTokenizer(dir) : undefined,
      { ...DEFAULT_TRAINER_SETTINGS, ...options.optimizer },
      options.saveDtype ?? 'F32',
    );
    const shapes = new Map([...model.params].map(([n, v]) => [n, v.shape]));
    await loadOptimizerState(dir, backend.trainer.optimizer, shapes);
    return backend;
  }

  async logProbs(batch: TokenBatch, options: { returnTokenEntropy?: boolean } = {}): Promise<LogProbsResult> {
    const out = getResponseLogProbs(
      this.model,
      batch.inputIds,
      batch.labels,
      options.returnTokenEntropy ?? false,
    );
    try {
      const result: LogProbsResult = { logProbs: (await out.logProbs.array()) as number[][] };
      if (out.tokenEntropy) result.tokenEntropy = (await out.tokenEntropy.array()) as number[][];
      return result;
    } finally {
      out.logProbs.dispose();
      out.tokenEntropy?.dispose();
    }
  }

  /**
   * One optimizer step with a core `Loss` (what the algorithms call): the microbatch's plain arrays
   * become tensors — responseMask (B, T), rawRewards/advantages (B, 1), oldLogProbs (B, T) — and
   * `loss.microbatchLoss` runs inside the gradient closure. `optimizer` overrides the configured
   * lr/betas/eps/weightDecay/maxGradNorm from this step on (the algorithm owns those knobs).
   */
  async trainStep(
    microbatches: readonly TrainMicrobatch[],
    loss: Loss,
    optimizer: OptimizerSettings,
    options: { lossOptions?: LossOptions; returnTokenEntropy?: boolean } = {},
  ): Promise<TrainStepResult> {
    this.trainer.settings = { ...this.trainer.settings, ...optimizer };
    const tensorLoss = loss as Loss<tf.Tensor>;
    const column = (xs: number[]) => tf.tensor2d(xs, [xs.length, 1], 'float32');
    return this.trainStepWith(
      microbatches,
      (outputs, mb) => {
        const inputs: LossInputs<tf.Tensor> = {
          policyLogProbs: outputs.policyLogProbs,
          responseMask: tf.tensor2d(mb.responseMask, undefined, 'float32'),
          gradientAccumulationSteps: microbatches.length,
          tokenEntropy: outputs.tokenEntropy,
          options: options.lossOptions,
        };
        if (mb.rawRewards) inputs.rawRewards = column(mb.rawRewards);
        if (mb.advantages) inputs.advantages = column(mb.advantages);
        if (mb.oldLogProbs) inputs.oldLogProbs = tf.tensor2d(mb.oldLogProbs, undefined, 'float32');
        const out = tensorLoss.microbatchLoss(inputs);
        return { loss: out.loss as tf.Scalar, metadata: out.metadata };
      },
      { returnTokenEntropy: options.returnTokenEntropy },
    );
  }

  /** One optimizer step with a loss function on tensors (gradients summed over microbatches), see Trainer.trainStep. */
  async trainStepWith<M extends Microbatch>(
    microbatches: readonly M[],
    loss: MicrobatchLoss<M>,
    options: { returnTokenEntropy?: boolean } = {},
  ): Promise<TrainStepResult> {
    return this.trainer.trainStep(microbatches, loss, options);
  }

  async saveOptimizerState(dir: string): Promise<void> {
    await saveOptimizerState(dir, this.trainer.optimizer);
  }

  async loadOptimizerState(dir: string): Promise<void> {
    const shapes = new Map([...this.model.params].map(([n, v]) => [n, v.shape]));
    await loadOptimizerState(dir, this.trainer.optimizer, shapes);
  }

  resetOptimizer(): void {
    this.trainer.optimizer.dispose();
    this.trainer.optimizer.step = 0;
  }

  async loadWeights(dir: string): Promise<void> {
    this.model.importTensors((await loadCheckpoint(dir)).tensors);
  }

  async exportWeights(): Promise<NamedWeights> {
    return this.model.exportTensors();
  }

  async importWeights(weights: NamedWeights): Promise<void> {
    this.model.importTensors(weights);
  }

  /** Writes a Hugging Face folder (config, safetensors, tokenizer files from the source) plus optimizer state. */
  async save(dir: string): Promise<void> {
    await saveCheckpoint(dir, this.model.config, this.model.exportTensors(), {
      sourceDir: this.sourceDir,
      dtype: this.saveDtype,
    });
    if (this.trainer.optimizer.step > 0) await saveOptimizerState(dir, this.trainer.optimizer);
  }

  /** Current values of a parameter by checkpoint name, flattened (row-major). */
  getParameter(hfName: string): Float32Array {
    return this.model.param(hfName).dataSync() as Float32Array;
  }

  /** Live tensor count of the tfjs engine (for leak checks). */
  static numTensors(): number {
    return tf.memory().numTensors;
  }

  dispose(): void {
    this.trainer.dispose();
    this.model.dispose();
  }
}
