import '@tensorflow/tfjs'; // the cpu backend and the gradients of every op
import { createKernel, type Loss, type LossInputs } from '@reasonrl/core';
import { mulberry32 } from '@reasonrl/hf-checkpoint';
import grpoClip from '@reasonrl/loss-grpo-clip';
import grpoNoClip from '@reasonrl/loss-grpo-no-clip';
import noBaseline from '@reasonrl/loss-no-baseline';
import reinforce from '@reasonrl/loss-reinforce-with-baseline';
import sft from '@reasonrl/loss-sft';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';

// A loss's `linearInLogProbs` lets the onnxruntime engine take its gradient before the forward pass. Checked here
// from the definition: the gradient with respect to the log-probs (and entropies) is the same at two unrelated points
// exactly when the loss says it is linear.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 3;
const T = 5;
const rand = mulberry32(7);
const matrix = (f: () => number) => Array.from({ length: B }, () => Array.from({ length: T }, f));
const mask = matrix(() => (rand() < 0.7 ? 1 : 0));
const rawRewards = Array.from({ length: B }, () => rand());
const advantages = Array.from({ length: B }, () => rand() - 0.5);
const oldLogProbs = matrix(() => -rand() * 3);

/** d loss / d (log-probs, entropies) at the given (B, T) log-probs and entropies, flattened. */
function gradientAt(loss: Loss<tf.Tensor>, logProbs: number[][], entropy: number[][]): number[] {
  const lp = tf.variable(tf.tensor2d(logProbs));
  const ent = tf.variable(tf.tensor2d(entropy));
  try {
    return tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const inputs: LossInputs<tf.Tensor> = {
          policyLogProbs: lp,
          tokenEntropy: ent,
          responseMask: tf.tensor2d(mask),
          gradientAccumulationSteps: 2,
          rawRewards: tf.tensor2d(rawRewards, [B, 1]),
          advantages: tf.tensor2d(advantages, [B, 1]),
          oldLogProbs: tf.tensor2d(oldLogProbs),
        };
        return loss.microbatchLoss(inputs).loss as tf.Scalar;
      }, [lp, ent]);
      value.dispose();
      // a variable the loss does not read has no gradient: zeros
      return [lp, ent].flatMap((v) => [...(grads[v.name]?.dataSync() ?? new Float32Array(B * T))]);
    });
  } finally {
    lp.dispose();
    ent.dispose();
  }
}

it.each([
  [sft, 'sft'],
  [noBaseline, 'no_baseline'],
  [reinforce, 'reinforce_with_baseline'],
  [grpoClip, 'grpo_clip'],
  [grpoNoClip, 'grpo_no_clip'],
])(
  '%#: %s declares linearInLogProbs exactly when its gradient does not depend on the log-probs',
  async (plugin, name) => {
    const kernel = await createKernel({}, { plugins: [plugin] });
    const loss = (await kernel.get('Loss', name)) as Loss<tf.Tensor>;
    const a = gradientAt(
      loss,
      matrix(() => -rand() * 3),
      matrix(() => rand() * 2),
    );
    const b = gradientAt(
      loss,
      matrix(() => -rand() * 3),
      matrix(() => rand() * 2),
    );
    const same = a.every((v, i) => Math.abs(v - b[i]) <= 1e-7 * Math.max(1, Math.abs(v)));
    expect(loss.linearInLogProbs === true, `gradients ${same ? 'equal' : 'differ'}`).toBe(same);
  },
);
