import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeGrpoClipLoss } from './compute-grpo-clip-loss.js';
import { computeGrpoNoClipLoss } from './compute-grpo-no-clip-loss.js';
import { computePolicyGradientLoss } from './compute-policy-gradient-loss.js';
import { computeNaivePolicyGradientLoss } from './naive-policy-gradient-loss.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function expectValues(t: tf.Tensor, expected: number[][], digits = 5): void {
  expect(t.shape).toEqual([expected.length, expected[0].length]);
  const got = t.arraySync() as number[][];
  for (const [b, row] of got.entries()) {
    for (const [i, v] of row.entries()) expect(v, `[${b}, ${i}]`).toBeCloseTo(expected[b][i], digits);
  }
}

// Two rollouts with advantages +1 and -1; per token log p - log p_old = +0.5 then -0.5, so the
// ratios are e^0.5 = 1.6487 and e^-0.5 = 0.6065. cliprange 0.2 -> clip interval [0.8, 1.2].
const advantages = () => tf.tensor2d([[1], [-1]]);
const policyLogProbs = () =>
  tf.tensor2d([
    [-1.0, -2.0],
    [-1.5, -0.5],
  ]);
const oldLogProbs = () =>
  tf.tensor2d([
    [-1.5, -1.5],
    [-2.0, 0.0],
  ]);
const up = Math.exp(0.5);
const down = Math.exp(-0.5);

describe('computeNaivePolicyGradientLoss', () => {
  it('is -A * log p with A broadcast over the tokens', () => {
    const loss = computeNaivePolicyGradientLoss(
      tf.tensor2d([[2], [-1]]),
      tf.tensor2d([
        [-1, -2],
        [-0.5, -3],
      ]),
    );
    expectValues(loss, [
      [2, 4],
      [-0.5, -3],
    ]);
  });

  it('names both shapes when the rewards are not (B, 1)', () => {
    expect(() => computeNaivePolicyGradientLoss(tf.ones([2]), tf.ones([2, 3]))).toThrow(
      'computeNaivePolicyGradientLoss: rawRewardsOrAdvantages has shape (2) but policyLogProbs has shape (2, 3); expected rawRewardsOrAdvantages of shape (B, 1) = (2, 1)',
    );
  });
});

describe('computeGrpoClipLoss', () => {
  it('takes the smaller of the clipped and unclipped surrogate, per token', () => {
    const { loss, metadata } = computeGrpoClipLoss(advantages(), policyLogProbs(), oldLogProbs(), 0.2);
    // A = +1: min(1.6487, 1.2) = 1.2 (clipped), min(0.6065, 0.8) = 0.6065.
    // A = -1: min(-1.6487, -1.2) = -1.6487, min(-0.6065, -0.8) = -0.8 (clipped).
    expectValues(loss, [
      [-1.2, -down],
      [up, 0.8],
    ]);
    expect(metadata.clipped.dtype).toBe('bool');
    expect(metadata.clipped.arraySync()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(metadata.clipFraction.dataSync()[0]).toBe(0.5);
  });

  it('equals the unclipped surrogate when the clip range is wide', () => {
    const { loss, metadata } = computeGrpoClipLoss(advantages(), policyLogProbs(), oldLogProbs(), 10);
    expectValues(loss, [
      [-up, -down],
      [up, down],
    ]);
    expect(metadata.clipFraction.dataSync()[0]).toBe(0);
  });

  it('names both shapes when old and new log-probs differ, and rejects a negative clip range', () => {
    expect(() => computeGrpoClipLoss(advantages(), policyLogProbs(), tf.ones([2, 3]), 0.2)).toThrow(
      'computeGrpoClipLoss: oldLogProbs has shape (2, 3) but policyLogProbs has shape (2, 2); expected equal shapes',
    );
    expect(() => computeGrpoClipLoss(advantages(), policyLogProbs(), oldLogProbs(), -0.1)).toThrow(
      /cliprange is -0.1/,
    );
  });
});

describe('computeGrpoNoClipLoss', () => {
  it('is -ratio * A and reports the mean ratio', () => {
    const { loss, metadata } = computeGrpoNoClipLoss(advantages(), policyLogProbs(), oldLogProbs());
    expectValues(loss, [
      [-up, -down],
      [up, down],
    ]);
    expect(metadata.ratioMean.dataSync()[0]).toBeCloseTo((up + down) / 2, 6);
  });
});

describe('computePolicyGradientLoss', () => {
  it('dispatches each loss type to its equation', () => {
    const raw = tf.tensor2d([[3], [0]]);
    expectValues(computePolicyGradientLoss(policyLogProbs(), 'no_baseline', raw).loss, [
      [3, 6],
      [0, 0],
    ]);
    expectValues(
      computePolicyGradientLoss(policyLogProbs(), 'reinforce_with_baseline', raw, advantages()).loss,
      [
        [1, 2],
        [-1.5, -0.5],
      ],
    );
    const clip = computePolicyGradientLoss(
      policyLogProbs(),
      'grpo_clip',
      null,
      advantages(),
      oldLogProbs(),
      0.2,
    );
    expectValues(clip.loss, [
      [-1.2, -down],
      [up, 0.8],
    ]);
    expect(Object.keys(clip.metadata).sort()).toEqual(['clipFraction', 'clipped']);
    expectValues(
      computePolicyGradientLoss(policyLogProbs(), 'grpo_no_clip', null, advantages(), oldLogProbs()).loss,
      [
        [-up, -down],
        [up, down],
      ],
    );
  });

  it('names the argument a loss type needs when it is missing', () => {
    expect(() => computePolicyGradientLoss(policyLogProbs(), 'no_baseline', null, advantages())).toThrow(
      "computePolicyGradientLoss: lossType 'no_baseline' needs rawRewards, which is missing",
    );
    expect(() =>
      computePolicyGradientLoss(policyLogProbs(), 'reinforce_with_baseline', advantages()),
    ).toThrow(/needs advantages/);
    expect(() =>
      computePolicyGradientLoss(policyLogProbs(), 'grpo_clip', null, advantages(), null, 0.2),
    ).toThrow(/needs oldLogProbs/);
    expect(() =>
      computePolicyGradientLoss(policyLogProbs(), 'grpo_clip', null, advantages(), oldLogProbs()),
    ).toThrow(/needs cliprange/);
    expect(() =>
      computePolicyGradientLoss(policyLogProbs(), 'grpo_no_clip', null, null, oldLogProbs()),
    ).toThrow(/needs advantages/);
  });

  it('lists the known loss types for an unknown one', () => {
    expect(() => computePolicyGradientLoss(policyLogProbs(), 'ppo' as never)).toThrow(
      "computePolicyGradientLoss: unknown lossType 'ppo'; known loss types: no_baseline, reinforce_with_baseline, grpo_clip, grpo_no_clip",
    );
  });

  it('leaves only the loss and metadata behind', () => {
    const [lp, adv, old] = [policyLogProbs(), advantages(), oldLogProbs()];
    const before = tf.memory().numTensors;
    const out = computePolicyGradientLoss(lp, 'grpo_clip', null, adv, old, 0.2);
    expect(tf.memory().numTensors).toBe(before + 3); // loss, clipped, clipFraction
    tf.dispose([out.loss, ...Object.values(out.metadata), lp, adv, old]);
  });
});
