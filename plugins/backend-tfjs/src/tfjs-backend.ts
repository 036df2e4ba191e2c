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
import type { OrtTrainEngine } from '@reasonrl/onnx-train';
import * as tf from '@tensorflow/tfjs-core';
import { getResponseLogProbs } from './get-response-log-probs.js';
import { QwenModel } from './model/qwen-model.js';
import { loadOptimizerState, saveOptimizerState } from './optim/optimizer-state.js';
import { modelWeights } from './ort-gradients.js';
import { type Platform, selectPlatform, stateBytes, WASM_HEAP_BUDGET_BYTES } from './platform.js';
import {
  type Microbatch,
  type MicrobatchLoss,
  Trainer,
  type TrainerSettings,
  type TrainStepOptions,
} from './trainer.js';
import { type MatMulChoice, type MatMulEngine, setWasmMatMulEngine } from './wasm/ort-batch-mat-mul.js';

export const DEFAULT_TRAINER_SETTINGS: TrainerSettings = {
  lr: 1e-5,
  betas: [0.9, 0.95],
  eps: 1e-8,
  weightDecay: 0.0,
  maxGradNorm: 1.0,
  schedule: { type: 'constant' },
};

/** Where a train step's forward and backward passes run (see TfjsBackendConfig.trainEngine). */
export const TRAIN_ENGINES = ['auto', 'ort', 'tfjs'] as const;
export type TrainEngine = (typeof TRAIN_ENGINES)[number];

/**
 * Bytes of the (N, vocab) float32 arrays the ort engine holds at once for one microbatch (logits kept for the
 * backward pass, probabilities, their gradient): past this, 'auto' runs the step on tfjs, whose head is chunked.
 */
export const ORT_LOGITS_BUDGET_BYTES = 2 * 1024 ** 3;

/**
 * Why trainEngine 'auto' keeps train steps on the tensor platform, or undefined when it takes onnxruntime: the ort
 * engine runs on the CPU only, so on a GPU platform (tfjs-node-gpu) the step stays on the GPU.
 */
export function autoTrainEngineSkip(platform: string): string | undefined {
  return platform.startsWith('tfjs-node-gpu')
    ? `the tensor platform is ${platform}: train steps stay on the GPU (the onnxruntime train engine is CPU-only)`
    : undefined;
}

export interface TfjsBackendOptions {
  platform?: Platform;
  /** Default 'auto': onnxruntime when it loads (see TRAIN_ENGINES). */
  trainEngine?: TrainEngine;
  /** intraOpNumThreads of the ort engine (0 = one per core). */
  ortThreads?: number;
  /** Most bytes of (tokens x vocab) float32 arrays the ort engine may hold per microbatch (ORT_LOGITS_BUDGET_BYTES). */
  ortLogitsBudgetBytes?: number;
  /** Matrix products on the wasm platform (default auto: onnxruntime when it loads, else XNNPACK). */
  matmul?: MatMulEngine;
  optimizer?: Partial<TrainerSettings>;
  /** On-disk dtype for `save` (default F32). */
  saveDtype?: FloatDtype;
}

/**
 * The platform as the run log records it: on wasm with the matMul engine, e.g. `wasm/matmul-ort-default-threads`,
 * `wasm/matmul-ort-2-threads`, `wasm/matmul-xnnpack`, or `wasm/matmul-xnnpack (ort unavailable: <reason>)`.
 */
export function wasmPlatformLabel(choice: MatMulChoice): string {
  if (choice.engine === 'ort') return `wasm/matmul-ort-${choice.threads || 'default'}-threads`;
  return `wasm/matmul-xnnpack${choice.reason ? ` (ort unavailable: ${choice.reason})` : ''}`;
}

/**
 * The trainable policy on TensorFlow.js: a Qwen2/Qwen3 model loaded from a Hugging Face folder, per-token log-probs
 * and entropies, train steps with any microbatch loss, and saving back to the same format (with optimizer state, so
 * training resumes exactly).
 */
export class TfjsBackend implements TrainableBackend {
  readonly name = 'tfjs';
  readonly trainer: Trainer;
  /** The onnxruntime train engine, when trainEngine chose it. */
  engine?: OrtTrainEngine;
  /** Why 'auto' did not take the ort engine, when it did not (a GPU platform, or onnxruntime failed to start). */
  engineSkipped?: string;
  private trainEngineChoice: TrainEngine = 'auto';
  private logitsBudget = ORT_LOGITS_BUDGET_BYTES;
  /** Losses that declared linearInLogProbs and were found not to be: they take the two-pass path. */
  private readonly notLinear = new WeakSet<Loss>();

  private constructor(
    readonly model: QwenModel,
    /** The tfjs tensor platform (log-probs, sampling, optimizer), e.g. `wasm/matmul-ort-default-threads`. */
    readonly tensorPlatform: string,
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
    const label =
      platform === 'wasm'
        ? wasmPlatformLabel(
            setWasmMatMulEngine(options.matmul ?? 'auto', { threads: options.ortThreads ?? 0 }),
          )
        : platform;
    const model = QwenModel.fromCheckpoint(checkpoint);
    const backend = new TfjsBackend(
      model,
      label,
      dir,
      existsSync(join(dir, 'tokenizer.json')) ? await loadTokenizer(dir) : undefined,
      { ...DEFAULT_TRAINER_SETTINGS, ...options.optimizer },
      options.saveDtype ?? 'F32',
    );
    const shapes = new Map([...model.params].map(([n, v]) => [n, v.shape]));
    await loadOptimizerState(dir, backend.trainer.optimizer, shapes);
    backend.logitsBudget = options.ortLogitsBudgetBytes ?? ORT_LOGITS_BUDGET_BYTES;
    await backend.openEngine(options.trainEngine ?? 'auto', options.ortThreads ?? 0);
    return backend;
  }

  /** What runs, for run.json: the tensor platform, and onnxruntime when it runs the train steps. */
  get platform(): string {
    return this.engine ? `${this.tensorPlatform} (train steps: onnxruntime-node)` : this.tensorPlatform;
  }

  /** 'ort' or 'tfjs': where train steps run now. */
  get trainEngine(): 'ort' | 'tfjs' {
    return this.engine ? 'ort' : 'tfjs';
  }

  private async openEngine(choice: TrainEngine, threads: number): Promise<void> {
    this.trainEngineChoice = choice;
    if (choice === 'tfjs') return;
    if (choice === 'auto') {
      this.engineSkipped = autoTrainEngineSkip(this.tensorPlatform);
      if (this.engineSkipped) return;
    }
    try {
      const { OrtTrainEngine } = await import('@reasonrl/onnx-train');
      this.engine = await OrtTrainEngine.create(this.model.config, { intraOpNumThreads: threads });
    } catch (err) {
      if (choice === 'ort') {
        throw new ReasonrlError(
          'TRAIN_ENGINE_UNAVAILABLE',
          `tfjs backend: trainEngine 'ort' could not start onnxruntime (${(err as Error).message}); use 'tfjs' or 'auto'`,
          { cause: err },
        );
      }
      this.engineSkipped = (err as Error).message;
      console.warn(
        `reasonrl backend-tfjs: train steps on tfjs autodiff, not onnxruntime: ${this.engineSkipped}`,
      );
    }
  }

  /** The engine for these microbatches, or undefined for tfjs ('auto' passes over microbatches whose logits are too big). */
  private engineFor(microbatches: readonly Microbatch[]): OrtTrainEngine | undefined {
    if (!this.engine) return undefined;
    const vocab = this.model.config.vocabSize;
    const rows = Math.max(...microbatches.map((mb) => mb.inputIds.length * (mb.inputIds[0]?.length ?? 0)));
    const bytes = 3 * rows * vocab * 4;
    if (bytes <= this.logitsBudget) return this.engine;
    if (this.trainEngineChoice === 'ort') {
      throw new ReasonrlError(
        'TRAIN_ENGINE_MEMORY',
        `tfjs backend: a microbatch of ${rows} tokens x vocabulary ${vocab} needs ${(bytes / 1024 ** 3).toFixed(1)} GiB of logits ` +
          `on the 'ort' train engine (budget ${(this.logitsBudget / 1024 ** 3).toFixed(1)} GiB): use smaller microbatches ` +
          "(more gradient accumulation steps) or trainEngine 'tfjs' (chunked head)",
      );
    }
    return undefined;
  }

  /**
   * Per-token log-probs (and entropies) of a batch under the current weights. On the ort engine (when the batch's
   * logits fit its budget) this is its forward graph without the activation outputs (`OrtTrainEngine.score`): the same
   * numbers its train steps start from, so an on-policy ratio pi / pi_old is exactly 1 at the first epoch.
   */
  async logProbs(batch: TokenBatch, options: { returnTokenEntropy?: boolean } = {}): Promise<LogProbsResult> {
    const rows = batch.inputIds.length * (batch.inputIds[0]?.length ?? 0);
    if (this.engine && rows > 0 && 3 * rows * this.model.config.vocabSize * 4 <= this.logitsBudget) {
      const out = await this.engine.score(modelWeights(this.model), batch);
      const unflatten = (flat: Float32Array) =>
        Array.from({ length: out.batch }, (_, b) =>
          Array.from(flat.subarray(b * out.length, (b + 1) * out.length)),
        );
      const result: LogProbsResult = { logProbs: unflatten(out.logProbs) };
      if (options.returnTokenEntropy) result.tokenEntropy = unflatten(out.entropy);
      return result;
    }
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
    options: { lossOptions?: LossOptions; returnTokenEntropy?: boolean; oldLogProbsCurrent?: boolean } = {},
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
      {
        returnTokenEntropy: options.returnTokenEntropy,
        linearInLogProbs: tensorLoss.linearInLogProbs === true && !this.notLinear.has(loss),
        // on-policy: the policy's log-probs are the old ones (scored by the same engine at these weights)
        expectedLogProbs: options.oldLogProbsCurrent
          ? (_, index) => {
              const old = microbatches[index].oldLogProbs;
              return old ? Float32Array.from(old.flat()) : undefined;
            }
          : undefined,
        onNotLinear: () => {
          this.notLinear.add(loss);
          console.warn(
            `reasonrl: loss '${loss.name}' declares linearInLogProbs, but its gradient depends on the log-probs: its steps take the two-pass path from now on (correct, slower). Declare it false.`,
          );
        },
      },
    );
  }

  /** One optimizer step with a loss function on tensors (gradients summed over microbatches), see Trainer.trainStep. */
  async trainStepWith<M extends Microbatch>(
    microbatches: readonly M[],
    loss: MicrobatchLoss<M>,
    options: TrainStepOptions = {},
  ): Promise<TrainStepResult> {
    const engine = this.engineFor(microbatches);
    if (engine) return this.trainer.trainStepOnEngine(engine, microbatches, loss, options);
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
    void this.engine?.dispose();
    this.engine = undefined;
  }
}
