import * as tf from '@tensorflow/tfjs-core';
import { labelLogProbsAndEntropy } from './label-log-probs.js';
import type { ForwardOptions, QwenModel } from './model/qwen-model.js';

export interface ResponseLogProbs {
  /** (B, T) log p(labels[b][t] | inputIds[b][:t+1]). */
  logProbs: tf.Tensor2D;
  /** (B, T) entropy of the next-token distribution (when asked for). */
  tokenEntropy?: tf.Tensor2D;
}

/**
 * CS336's `get_response_log_probs`: per-token conditional log-probabilities of `labels` given `inputIds` (and the
 * entropy of each next-token distribution), computed in one chunked pass over the LM head (no full (B, T, V)
 * log-softmax). Differentiable with respect to the model's variables. inputIds, labels: (B, T).
 */
export function getResponseLogProbs(
  model: QwenModel,
  inputIds: readonly (readonly number[])[],
  labels: readonly (readonly number[])[],
  returnTokenEntropy = false,
  options: ForwardOptions = {},
): ResponseLogProbs {
  const b = inputIds.length;
  const t = inputIds[0]?.length ?? 0;
  if (labels.length !== b || labels.some((r) => r.length !== t)) {
    throw new Error(
      `labels must have the shape of inputIds [${b}, ${t}], got ${labels.length} rows of lengths ${[...new Set(labels.map((r) => r.length))].join('/')}`,
    );
  }
  const vocab = model.config.vocabSize;
  for (const row of labels)
    for (const id of row) {
      if (!Number.isInteger(id) || id < 0 || id >= vocab)
        throw new Error(`label ${id} is outside the vocabulary [0, ${vocab})`);
    }
  return tf.tidy(() => {
    const hidden = model.hidden(inputIds, options);
    const lab = tf.tensor1d(labels.flat(), 'int32');
    const both = labelLogProbsAndEntropy(hidden, model.lmHead as tf.Tensor2D, lab, returnTokenEntropy);
    const [logp, ent] = tf.split(both, 2, 1);
    const out: ResponseLogProbs = { logProbs: tf.reshape(logp, [b, t]) };
    if (returnTokenEntropy) out.tokenEntropy = tf.reshape(ent, [b, t]);
    return out as unknown as tf.TensorContainer;
  }) as unknown as ResponseLogProbs;
}
