import * as tf from '@tensorflow/tfjs-core';

/** What a microbatch step returns: the scalar to differentiate and tensors to log. */
export interface LossWithMetadata {
  loss: tf.Scalar;
  metadata: Record<string, tf.Tensor>;
}

/**
 * `tf.variableGrads` for a loss that also returns metadata. `tf.variableGrads` keeps only the
 * returned scalar and disposes every other tensor made inside `f`; this keeps the metadata
 * tensors too, so one call gives the loss, the gradients and the numbers to log. This is how a
 * training backend should call `sftMicrobatchTrainStep` / `grpoMicrobatchTrainStep` (or a Loss
 * plugin's `microbatchLoss`).
 *
 * @param f builds the loss from the trainable variables (e.g. runs the model, then the loss).
 * @param varList the variables to differentiate (default: every trainable variable).
 * @returns value: the scalar loss; grads: by variable name; metadata: as `f` returned it. The
 *   caller owns (and disposes) all three.
 */
export function variableGradsWithMetadata(
  f: () => LossWithMetadata,
  varList?: tf.Variable[],
): { value: tf.Scalar; grads: tf.NamedTensorMap; metadata: Record<string, tf.Tensor> } {
  let metadata: Record<string, tf.Tensor> = {};
  const { value, grads } = tf.variableGrads(() => {
    const out = f();
    for (const t of Object.values(out.metadata)) tf.keep(t);
    metadata = out.metadata;
    return out.loss;
  }, varList);
  return { value, grads, metadata };
}
