import type { OrtTrainEngine } from '@reasonrl/onnx-train';
import * as tf from '@tensorflow/tfjs-core';
import type { QwenModel } from './model/qwen-model.js';
import type { Microbatch, MicrobatchLoss } from './trainer.js';

/** Summed gradients (float32, by HF name), summed loss and scalar metadata sums over the microbatches of one step. */
export interface SummedGradients {
  grads: Map<string, Float32Array>;
  loss: number;
  metadataSums: Record<string, number>;
}

/**
 * Gradients of a step on onnxruntime: for each microbatch the engine's forward pass gives log-probs and entropies
 * (B, T); the loss runs in tfjs on those two small tensors only, so any Loss plugin's function works unchanged, and
 * its gradient with respect to them (d loss / d log-probs, d loss / d entropy) goes back into the engine's backward
 * pass, which returns d loss / d weight. Gradients and losses are summed over microbatches, as Trainer.trainStep does.
 * The weights are read from the model's variables once per step.
 */
export async function ortGradients<M extends Microbatch>(
  engine: OrtTrainEngine,
  model: QwenModel,
  microbatches: readonly M[],
  lossFn: MicrobatchLoss<M>,
  returnTokenEntropy: boolean,
): Promise<SummedGradients> {
  const weights = new Map<string, Float32Array>();
  for (const [name, v] of model.params) weights.set(name, v.dataSync() as Float32Array);
  const grads = new Map<string, Float32Array>();
  const metadataSums: Record<string, number> = {};
  let loss = 0;
  for (let index = 0; index < microbatches.length; index++) {
    const mb = microbatches[index];
    const pass = await engine.forward(weights, mb);
    const shape: [number, number] = [pass.batch, pass.length];
    // Variables so variableGrads returns a gradient for each one the loss uses (and none for one it ignores).
    const asVariable = (data: Float32Array) => {
      const init = tf.tensor2d(data, shape);
      const v = tf.variable(init, true);
      init.dispose(); // the variable keeps its own reference to the data
      return v;
    };
    const logProbs = asVariable(pass.logProbs);
    const entropy = returnTokenEntropy ? asVariable(pass.entropy) : undefined;
    let meta: Record<string, number> = {};
    let dLogProbs: Float32Array;
    let dEntropy: Float32Array | undefined;
    try {
      const { value, grads: g } = tf.variableGrads(
        () => {
          const r = lossFn({ policyLogProbs: logProbs, tokenEntropy: entropy }, mb, index);
          meta = {};
          for (const [k, v] of Object.entries(r.metadata ?? {})) {
            if (typeof v === 'number') meta[k] = v;
            else if (v.size === 1) meta[k] = v.dataSync()[0];
          }
          return r.loss;
        },
        entropy ? [logProbs, entropy] : [logProbs],
      );
      loss += value.dataSync()[0];
      dLogProbs = g[logProbs.name]
        ? (g[logProbs.name].dataSync() as Float32Array)
        : new Float32Array(pass.logProbs.length);
      dEntropy = entropy && g[entropy.name] ? (g[entropy.name].dataSync() as Float32Array) : undefined;
      tf.dispose([value, ...Object.values(g)]);
    } finally {
      logProbs.dispose();
      entropy?.dispose();
    }
    const g = await engine.backward(pass, dLogProbs, dEntropy);
    for (const [name, d] of g) {
      const sum = grads.get(name);
      if (!sum) grads.set(name, d);
      else for (let i = 0; i < d.length; i++) sum[i] += d[i];
    }
    for (const [k, v] of Object.entries(meta)) metadataSums[k] = (metadataSums[k] ?? 0) + v;
  }
  return { grads, loss, metadataSums };
}
