// Adapters for the model area (CS336 A5 names, camelCase), implemented by @reasonrl/backend-tfjs and
// @reasonrl/hf-checkpoint.
import {
  type Platform,
  getResponseLogProbs as responseLogProbs,
  sftLoss,
  TfjsBackend,
  TfjsSampler,
  tf,
} from '@reasonrl/backend-tfjs';
import type { OptimizerSettings } from '@reasonrl/core';

export { loadTokenizer, tokenizePromptAndOutput } from '@reasonrl/hf-checkpoint';

/** The trainable policy loaded from a Hugging Face folder (platform `auto` unless named). */
export function loadModel(dir: string, platform: Platform = 'auto'): Promise<TfjsBackend> {
  return TfjsBackend.load(dir, { platform });
}

/**
 * CS336 `get_response_log_probs(model, input_ids, labels, return_token_entropy)`.
 * inputIds, labels: (B, T) -> { logProbs: (B, T), tokenEntropy?: (B, T) } as plain arrays.
 */
export function getResponseLogProbs(
  model: TfjsBackend,
  inputIds: number[][],
  labels: number[][],
  returnTokenEntropy = false,
): { logProbs: number[][]; tokenEntropy?: number[][] } {
  const out = responseLogProbs(model.model, inputIds, labels, returnTokenEntropy);
  const result: { logProbs: number[][]; tokenEntropy?: number[][] } = { logProbs: out.logProbs.arraySync() };
  if (out.tokenEntropy) result.tokenEntropy = out.tokenEntropy.arraySync();
  out.logProbs.dispose();
  out.tokenEntropy?.dispose();
  return result;
}

/** Full logits (B, T, V) for conformance checks (materialises every position). */
export function getLogits(model: TfjsBackend, inputIds: number[][]): number[][][] {
  const logits = model.model.logits(inputIds);
  const out = logits.arraySync();
  logits.dispose();
  return out;
}

/** Current values of a parameter by its checkpoint tensor name, flattened row-major. */
export function getParameter(model: TfjsBackend, hfName: string): Float32Array {
  return model.getParameter(hfName);
}

/**
 * One full AdamW step on the SFT loss (sum of -log p over response tokens, mean over the batch), with global-norm
 * clipping; returns the loss before the step and the pre-clip gradient norm.
 */
export async function sftTrainStep(
  model: TfjsBackend,
  batch: { inputIds: number[][]; labels: number[][]; responseMask: number[][] },
  settings: OptimizerSettings,
): Promise<{ loss: number; gradNorm: number }> {
  model.trainer.settings = { ...settings, schedule: { type: 'constant' } };
  // linear in the log-probs, as the sft Loss plugin declares: the step the SFT algorithm takes (on onnxruntime,
  // forward and backward as one fused pass)
  const { loss, gradNorm } = await model.trainStepWith(
    [batch],
    ({ policyLogProbs }, mb) => ({
      loss: sftLoss(policyLogProbs, tf.tensor2d(mb.responseMask, undefined, 'float32')),
    }),
    { linearInLogProbs: true },
  );
  return { loss, gradNorm };
}

/** The slow-path tfjs Sampler for a Hugging Face folder (used by adapters/sampler.ts `loadSampler(dir, 'tfjs')`). */
export function loadTfjsSampler(dir: string): Promise<TfjsSampler> {
  return TfjsSampler.load(dir);
}
