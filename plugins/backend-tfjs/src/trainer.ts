import type { OptimizerSettings, TrainStepResult } from '@reasonrl/core';
import type { OrtTrainEngine } from '@reasonrl/onnx-train';
import * as tf from '@tensorflow/tfjs-core';
import { getResponseLogProbs } from './get-response-log-probs.js';
import type { QwenModel } from './model/qwen-model.js';
import { AdamW } from './optim/adamw.js';
import { clipGradNorm } from './optim/clip-grad-norm.js';
import { type LrSchedule, learningRateAt } from './optim/lr-schedule.js';
import { ortGradients } from './ort-gradients.js';

/** One microbatch in the CS336 layout, plus whatever the loss needs (advantages, old log-probs, ...). */
export interface Microbatch {
  /** (B, T) */
  inputIds: number[][];
  /** (B, T) */
  labels: number[][];
  /** (B, T) 1 on response tokens. */
  responseMask: number[][];
  /** (B, T) 1 on real tokens; only needed with left padding. */
  attentionMask?: number[][];
}

/** What a loss sees of the policy on one microbatch. */
export interface PolicyOutputs {
  /** (B, T) log p(label). */
  policyLogProbs: tf.Tensor2D;
  /** (B, T), when the step asked for entropies. */
  tokenEntropy?: tf.Tensor2D;
}

/**
 * A microbatch loss to minimise: any Loss plugin's function fits (`(policyLogProbs, tokenEntropy?) => scalar` plus
 * metadata; scalar metadata is averaged over microbatches into the step's metadata, larger tensors are ignored). It must already include the 1 / gradientAccumulationSteps factor if it wants averaged gradients (as
 * CS336's *_microbatch_train_step do); the step sums gradients and losses over microbatches.
 */
export type MicrobatchLoss<M extends Microbatch = Microbatch> = (
  outputs: PolicyOutputs,
  microbatch: M,
  index: number,
) => { loss: tf.Scalar; metadata?: Record<string, tf.Tensor | number> };

/** How a train step runs. */
export interface TrainStepOptions {
  /** Give the loss the (B, T) token entropies (slower: the full next-token distributions are needed). */
  returnTokenEntropy?: boolean;
  /**
   * The loss is linear in the log-probs and entropies (its gradient with respect to them does not depend on their
   * values): the onnxruntime engine may then run forward and backward as one pass. Checked on every microbatch.
   */
  linearInLogProbs?: boolean;
  /** Called when a loss given as `linearInLogProbs` turned out not to be (that microbatch was redone on two passes). */
  onNotLinear?: () => void;
  /**
   * For a loss that is not linear: (B*T) log-probs the policy's are expected to equal on a microbatch (on-policy old
   * log-probs), or undefined. The onnxruntime engine then takes the loss's gradient there and runs one fused pass;
   * if the real log-probs differ, that microbatch is redone on two passes and the rest of the step skips the guess.
   */
  expectedLogProbs?: (microbatch: Microbatch, index: number) => Float32Array | undefined;
}

export interface TrainerSettings extends OptimizerSettings {
  schedule?: LrSchedule;
}

/**
 * Optimises a QwenModel: gradients summed over microbatches, global-norm clipping (pre-clip norm reported), AdamW
 * with the scheduled learning rate. Tensors created by a step are all released before it returns.
 */
export class Trainer {
  readonly optimizer = new AdamW();

  constructor(
    readonly model: QwenModel,
    public settings: TrainerSettings,
  ) {}

  /** The learning rate the next step will use. */
  get currentLr(): number {
    return learningRateAt(
      this.settings.lr,
      this.settings.schedule ?? { type: 'constant' },
      this.optimizer.step,
    );
  }

  trainStep<M extends Microbatch>(
    microbatches: readonly M[],
    lossFn: MicrobatchLoss<M>,
    options: TrainStepOptions = {},
  ): TrainStepResult {
    if (microbatches.length === 0) throw new Error('trainStep: no microbatches');
    const params = this.model.params;
    const byVarName = new Map<string, string>();
    for (const [hf, v] of params) byVarName.set(v.name, hf);
    const varList = [...params.values()];
    const grads = new Map<string, tf.Tensor>();
    let loss = 0;
    const metadataSums: Record<string, number> = {};
    microbatches.forEach((mb, index) => {
      let meta: Record<string, number> = {};
      const { value, grads: g } = tf.variableGrads(() => {
        const out = getResponseLogProbs(
          this.model,
          mb.inputIds,
          mb.labels,
          options.returnTokenEntropy ?? false,
          {
            attentionMask: mb.attentionMask,
          },
        );
        const r = lossFn({ policyLogProbs: out.logProbs, tokenEntropy: out.tokenEntropy }, mb, index);
        // Scalars are logged (averaged over microbatches); per-token tensors (e.g. a clip mask) are not.
        meta = {};
        for (const [k, v] of Object.entries(r.metadata ?? {})) {
          if (typeof v === 'number') meta[k] = v;
          else if (v.size === 1) meta[k] = v.dataSync()[0];
        }
        return r.loss;
      }, varList);
      loss += value.dataSync()[0];
      value.dispose();
      for (const [varName, grad] of Object.entries(g)) {
        const name = byVarName.get(varName)!;
        const prev = grads.get(name);
        if (prev) {
          grads.set(name, tf.add(prev, grad));
          prev.dispose();
          grad.dispose();
        } else grads.set(name, grad);
      }
      for (const [k, v] of Object.entries(meta)) metadataSums[k] = (metadataSums[k] ?? 0) + v;
    });
    return this.finishStep(grads, loss, metadataSums, microbatches.length);
  }

  /**
   * The same step with the forward and backward passes on onnxruntime (see ortGradients): the loss function runs in
   * tfjs on the log-probs; clipping and AdamW as in trainStep.
   */
  async trainStepOnEngine<M extends Microbatch>(
    engine: OrtTrainEngine,
    microbatches: readonly M[],
    lossFn: MicrobatchLoss<M>,
    options: TrainStepOptions = {},
  ): Promise<TrainStepResult> {
    if (microbatches.length === 0) throw new Error('trainStep: no microbatches');
    const summed = await ortGradients(engine, this.model, microbatches, lossFn, options);
    const grads = new Map<string, tf.Tensor>();
    for (const [name, g] of summed.grads) grads.set(name, tf.tensor(g, this.model.params.get(name)!.shape));
    return this.finishStep(grads, summed.loss, summed.metadataSums, microbatches.length);
  }

  /** Clips the summed gradients, applies AdamW with the scheduled lr, and releases the gradients. */
  private finishStep(
    grads: Map<string, tf.Tensor>,
    loss: number,
    metadataSums: Record<string, number>,
    count: number,
  ): TrainStepResult {
    try {
      const gradNorm = clipGradNorm(grads, this.settings.maxGradNorm);
      const lr = this.currentLr;
      this.optimizer.apply(this.model.params, grads, { ...this.settings, lr });
      const metadata: Record<string, number> = { lr };
      for (const [k, v] of Object.entries(metadataSums)) metadata[k] = v / count;
      return { loss, gradNorm, metadata };
    } finally {
      for (const g of grads.values()) g.dispose();
    }
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
