import type { OrtTrainEngine } from '@reasonrl/onnx-train';
import * as tf from '@tensorflow/tfjs-core';
import type { QwenModel } from './model/qwen-model.js';
import type { Microbatch, MicrobatchLoss, TrainStepOptions } from './trainer.js';

/** Summed gradients (float32, by HF name), summed loss and scalar metadata sums over the microbatches of one step. */
export interface SummedGradients {
  grads: Map<string, Float32Array>;
  loss: number;
  metadataSums: Record<string, number>;
}

/** The loss of one microbatch at given log-probs / entropies: its value, scalar metadata and its gradient there. */
interface LossAt {
  loss: number;
  metadata: Record<string, number>;
  /** (B*T) d loss / d log-probs (zeros when the loss ignores them). */
  dLogProbs: Float32Array;
  /** (B*T) d loss / d entropy, or undefined when the loss ignores the entropies. */
  dEntropy?: Float32Array;
}

let warnedNotLinear = false;

/**
 * Gradients of a step on onnxruntime: for each microbatch the engine's forward pass gives log-probs and entropies
 * (B, T); the loss runs in tfjs on those two small tensors only, so any Loss plugin's function works unchanged, and
 * its gradient with respect to them (d loss / d log-probs, d loss / d entropy) goes back into the engine's backward
 * pass, which returns d loss / d weight. Gradients and losses are summed over microbatches, as Trainer.trainStep does.
 * The weights are read from the model's variables once per step.
 *
 * With `linearInLogProbs` (the loss says its gradient with respect to the log-probs and entropies does not depend on
 * their values: SFT, no_baseline, reinforce_with_baseline) that gradient is taken before the forward pass, at zeros,
 * and forward and backward run as one onnxruntime graph (`engine.step`): the activations never travel to JS and back
 * (measured on issue 5's batch: ~30% less time per step). The loss is then evaluated at the real log-probs for its
 * value and metadata, and its gradient there is compared with the one used: a loss that is not linear after all gets
 * the two-pass result instead (correct, one extra pass), and `onNotLinear` is called (else a warning, once).
 * A loss that is not linear can still take the fused pass when the caller knows the log-probs to expect
 * (`expectedLogProbs`: on-policy old log-probs, scored by the same engine at the same weights, hence bit-equal): its
 * gradient there is exact if the forward pass gives those log-probs, which the same check confirms.
 */
export async function ortGradients<M extends Microbatch>(
  engine: OrtTrainEngine,
  model: QwenModel,
  microbatches: readonly M[],
  lossFn: MicrobatchLoss<M>,
  options: TrainStepOptions = {},
): Promise<SummedGradients> {
  const returnTokenEntropy = options.returnTokenEntropy ?? false;
  let linearInLogProbs = options.linearInLogProbs ?? false;
  let expecting = options.expectedLogProbs !== undefined;
  const weights = modelWeights(model);
  const grads = new Map<string, Float32Array>();
  const metadataSums: Record<string, number> = {};
  let loss = 0;
  for (let index = 0; index < microbatches.length; index++) {
    const mb = microbatches[index];
    const shape: [number, number] = [mb.inputIds.length, mb.inputIds[0]?.length ?? 0];
    const at = (logProbs: Float32Array, entropy: Float32Array) =>
      lossAt(lossFn, mb, index, shape, logProbs, returnTokenEntropy ? entropy : undefined);
    let result: { at: LossAt; grads: Map<string, Float32Array> } | undefined;
    // Where to take the loss's gradient before the forward pass: anywhere for a linear loss (zeros), else at the
    // log-probs the policy is expected to give (on-policy old log-probs); entropies at zeros either way.
    const zeros = new Float32Array(shape[0] * shape[1]);
    const point = linearInLogProbs ? zeros : expecting ? options.expectedLogProbs?.(mb, index) : undefined;
    if (point) {
      const guess = at(point, zeros);
      const step = await engine.step(weights, mb, guess.dLogProbs, guess.dEntropy);
      const real = at(step.logProbs, step.entropy);
      if (sameGradient(guess, real)) result = { at: real, grads: step.grads };
      else if (linearInLogProbs) {
        linearInLogProbs = false; // the rest of this step's microbatches go straight to the two-pass path
        if (options.onNotLinear) options.onNotLinear();
        else if (!warnedNotLinear) {
          warnedNotLinear = true;
          console.warn(
            'reasonrl: a loss declared linearInLogProbs has a gradient that depends on the log-probs; this microbatch was redone on the two-pass path (correct, slower). Declare it false.',
          );
        }
      } else expecting = false; // the log-probs were not the expected ones: no more guesses in this step
    }
    if (!result) {
      const pass = await engine.forward(weights, mb);
      const real = at(pass.logProbs, pass.entropy);
      result = { at: real, grads: await engine.backward(pass, real.dLogProbs, real.dEntropy) };
    }
    for (const [name, d] of result.grads) {
      const sum = grads.get(name);
      if (!sum) grads.set(name, d);
      else for (let i = 0; i < d.length; i++) sum[i] += d[i];
    }
    loss += result.at.loss;
    for (const [k, v] of Object.entries(result.at.metadata)) metadataSums[k] = (metadataSums[k] ?? 0) + v;
  }
  return { grads, loss, metadataSums };
}

/** The model's current weights by HF name, as float32 arrays (copies of the variables) for the ort engine's feeds. */
export function modelWeights(model: QwenModel): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  for (const [name, v] of model.params) weights.set(name, v.dataSync() as Float32Array);
  return weights;
}

/** Evaluates the loss on (B, T) log-probs (and entropies, when the step returns them) with its gradient there. */
function lossAt<M extends Microbatch>(
  lossFn: MicrobatchLoss<M>,
  mb: M,
  index: number,
  shape: [number, number],
  logProbData: Float32Array,
  entropyData: Float32Array | undefined,
): LossAt {
  // Variables so variableGrads returns a gradient for each one the loss uses (and none for one it ignores).
  const asVariable = (data: Float32Array) => {
    const init = tf.tensor2d(data, shape);
    const v = tf.variable(init, true);
    init.dispose(); // the variable keeps its own reference to the data
    return v;
  };
  const logProbs = asVariable(logProbData);
  const entropy = entropyData ? asVariable(entropyData) : undefined;
  try {
    let metadata: Record<string, number> = {};
    const { value, grads: g } = tf.variableGrads(
      () => {
        const r = lossFn({ policyLogProbs: logProbs, tokenEntropy: entropy }, mb, index);
        metadata = {};
        for (const [k, v] of Object.entries(r.metadata ?? {})) {
          if (typeof v === 'number') metadata[k] = v;
          else if (v.size === 1) metadata[k] = v.dataSync()[0];
        }
        return r.loss;
      },
      entropy ? [logProbs, entropy] : [logProbs],
    );
    const result: LossAt = {
      loss: value.dataSync()[0],
      metadata,
      dLogProbs: g[logProbs.name]
        ? (g[logProbs.name].dataSync() as Float32Array)
        : new Float32Array(logProbData.length),
      dEntropy: entropy && g[entropy.name] ? (g[entropy.name].dataSync() as Float32Array) : undefined,
    };
    tf.dispose([value, ...Object.values(g)]);
    return result;
  } finally {
    logProbs.dispose();
    entropy?.dispose();
  }
}

/** Whether two gradients of the loss agree (to float rounding: within 1e-6 of the larger's largest entry). */
function sameGradient(a: LossAt, b: LossAt): boolean {
  const close = (x: Float32Array | undefined, y: Float32Array | undefined) => {
    if (!x || !y) return !x === !y;
    let scale = 0;
    for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]), Math.abs(y[i]));
    const tol = 1e-6 * scale;
    for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i] - y[i]) <= tol)) return false;
    return true;
  };
  return close(a.dLogProbs, b.dLogProbs) && close(a.dEntropy, b.dEntropy);
}
