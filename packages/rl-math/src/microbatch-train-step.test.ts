import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpoMicrobatchTrainStep } from './grpo-microbatch-train-step.js';
import { sftMicrobatchTrainStep } from './sft-microbatch-train-step.js';
import { variableGradsWithMetadata } from './variable-grads-with-metadata.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// B = 2, T = 3. Row 0 has 2 response tokens, row 1 has 3.
const LOG_PROBS = [
  [-1, -2, -4],
  [-0.5, -1.5, -3],
];
const MASK = [
  [1, 1, 0],
  [1, 1, 1],
];
const mask = () => tf.tensor2d(MASK, undefined, 'bool');

/** Loss value and d loss / d policyLogProbs via tf.variableGrads, as the training backend computes them. */
function lossAndGrad(
  step: (lp: tf.Tensor) => { loss: tf.Scalar; metadata: Record<string, tf.Tensor> },
  logProbs = LOG_PROBS,
) {
  const init = tf.tensor2d(logProbs);
  const v = tf.variable(init);
  const { value, grads, metadata } = variableGradsWithMetadata(() => step(v), [v]);
  // + 0 turns the -0 that masked entries get into 0.
  const grad = (grads[v.name].arraySync() as number[][]).map((row) => row.map((g) => g + 0));
  const out = { loss: value.dataSync()[0], grad, metadata };
  tf.dispose([init, v, value, grads[v.name]]);
  return out;
}

describe('sftMicrobatchTrainStep', () => {
  it('is mean_b(sum_t -log p * mask / c) / gas, with gradient -mask / (c * B * gas)', () => {
    const { loss, grad } = lossAndGrad((lp) => sftMicrobatchTrainStep(lp, mask(), 2, 4));
    // Row sums of -log p over the mask: 3 and 5; / 4 -> 0.75, 1.25; mean 1; / 2 -> 0.5.
    expect(loss).toBeCloseTo(0.5, 6);
    const g = -1 / (4 * 2 * 2);
    expect(grad).toEqual([
      [g, g, 0],
      [g, g, g],
    ]);
  });

  it('reports the number of response tokens and checks its arguments', () => {
    const out = sftMicrobatchTrainStep(tf.tensor2d(LOG_PROBS), mask(), 1);
    expect(out.metadata.numResponseTokens.dataSync()[0]).toBe(5);
    expect(() => sftMicrobatchTrainStep(tf.ones([2, 3]), tf.ones([2, 4]), 1)).toThrow(
      'sftMicrobatchTrainStep: responseMask has shape (2, 4) but policyLogProbs has shape (2, 3); expected equal shapes',
    );
    expect(() => sftMicrobatchTrainStep(tf.ones([2, 3]), mask(), 0)).toThrow(
      /gradientAccumulationSteps is 0; expected a positive integer/,
    );
    expect(() => sftMicrobatchTrainStep(tf.ones([6]), tf.ones([6]), 1)).toThrow(
      /policyLogProbs has shape \(6\); expected \(B, T\)/,
    );
  });
});

describe('grpoMicrobatchTrainStep', () => {
  const rewards = () => tf.tensor2d([[1], [2]]);

  it('averages per-token losses per sequence (masked_mean) for REINFORCE, with gradient -R / (n_b * B * gas)', () => {
    const { loss, grad } = lossAndGrad((lp) =>
      grpoMicrobatchTrainStep(lp, mask(), 2, 'no_baseline', rewards()),
    );
    // Row 0: -1 * (-1 - 2) / 2 = 1.5; row 1: -2 * (-0.5 - 1.5 - 3) / 3 = 10/3. Mean / 2.
    expect(loss).toBeCloseTo((1.5 + 10 / 3) / 4, 6);
    const [a, b] = [-1 / (2 * 2 * 2), -2 / (3 * 2 * 2)];
    grad.flat().forEach((v, i) => {
      expect(v).toBeCloseTo([a, a, 0, b, b, b][i], 7);
    });
  });

  it('divides by the constant instead with masked_normalize, so every token weighs the same', () => {
    const { loss, grad } = lossAndGrad((lp) =>
      grpoMicrobatchTrainStep(
        lp,
        mask(),
        1,
        'reinforce_with_baseline',
        null,
        rewards(),
        null,
        null,
        'masked_normalize',
        10,
      ),
    );
    expect(loss).toBeCloseTo((3 / 10 + 10 / 10) / 2, 6);
    const [a, b] = [-1 / (10 * 2), -2 / (10 * 2)];
    grad.flat().forEach((v, i) => {
      expect(v).toBeCloseTo([a, a, 0, b, b, b][i], 7);
    });
  });

  it('reports the clip fraction over response tokens only, and keeps metadata alive past variableGrads', () => {
    // old = log p - 0.5 on every token -> ratio e^0.5, clipped for A > 0 with cliprange 0.2.
    const old = tf.sub(tf.tensor2d(LOG_PROBS), 0.5);
    const adv = tf.tensor2d([[1], [-1]]);
    const { metadata } = lossAndGrad((lp) =>
      grpoMicrobatchTrainStep(lp, mask(), 1, 'grpo_clip', null, adv, old, 0.2),
    );
    expect(metadata.clipFraction.dataSync()[0]).toBeCloseTo(2 / 5, 6); // row 0's 2 response tokens of 5
    expect(metadata.clipped.arraySync()).toEqual([
      [1, 1, 1],
      [0, 0, 0],
    ]);
    tf.dispose([old, adv, ...Object.values(metadata)]);
  });

  it('needs normalizeConstant for masked_normalize and a known lengthNormalization', () => {
    expect(() =>
      grpoMicrobatchTrainStep(
        tf.ones([2, 3]),
        mask(),
        1,
        'no_baseline',
        rewards(),
        null,
        null,
        null,
        'masked_normalize',
      ),
    ).toThrow(
      "grpoMicrobatchTrainStep: lengthNormalization 'masked_normalize' needs normalizeConstant (e.g. the max generation length), which is missing",
    );
    expect(() =>
      grpoMicrobatchTrainStep(
        tf.ones([2, 3]),
        mask(),
        1,
        'no_baseline',
        rewards(),
        null,
        null,
        null,
        'sum' as never,
      ),
    ).toThrow("unknown lengthNormalization 'sum'; known: masked_mean, masked_normalize");
  });

  it('leaks no tensor through a full gradient step', () => {
    const [adv, old] = [tf.tensor2d([[0.5], [-0.5]]), tf.tensor2d(LOG_PROBS)];
    const before = tf.memory().numTensors;
    const { metadata } = lossAndGrad((lp) =>
      grpoMicrobatchTrainStep(lp, mask(), 1, 'grpo_clip', null, adv, old, 0.2),
    );
    tf.dispose(Object.values(metadata));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([adv, old]);
  });
});

/**
 * Central finite differences of the loss in each policyLogProbs entry, against tf.variableGrads.
 * float32 with h = 1e-2: rounding error ~ 1e-7 / h = 1e-5, truncation ~ h^2 |f'''| / 6 <= 1e-4 here.
 */
describe('gradient check by finite differences', () => {
  const H = 1e-2;
  // Log-probs chosen so that log p - log p_old is never within H of a clip boundary (log 0.8, log 1.2).
  const logProbs = [
    [-0.7, -1.3, -2.1, -0.2],
    [-1.1, -0.4, -3.0, -0.9],
  ];
  const fdMask = () =>
    tf.tensor2d([
      [1, 1, 1, 0],
      [1, 0, 1, 1],
    ]);
  const raw = () => tf.tensor2d([[0.8], [0.1]]);
  const adv = () => tf.tensor2d([[0.9], [-1.3]]);
  const old = () =>
    tf.tensor2d([
      [-1.2, -1.25, -1.9, -0.2],
      [-1.0, -0.4, -3.6, -0.95],
    ]);

  const cases: [string, (lp: tf.Tensor) => { loss: tf.Scalar; metadata: Record<string, tf.Tensor> }][] = [
    ['sft', (lp) => sftMicrobatchTrainStep(lp, fdMask(), 2, 3)],
    ['no_baseline', (lp) => grpoMicrobatchTrainStep(lp, fdMask(), 2, 'no_baseline', raw())],
    [
      'reinforce_with_baseline',
      (lp) =>
        grpoMicrobatchTrainStep(
          lp,
          fdMask(),
          1,
          'reinforce_with_baseline',
          null,
          adv(),
          null,
          null,
          'masked_normalize',
          4,
        ),
    ],
    ['grpo_clip', (lp) => grpoMicrobatchTrainStep(lp, fdMask(), 2, 'grpo_clip', null, adv(), old(), 0.2)],
    [
      'grpo_no_clip',
      (lp) =>
        grpoMicrobatchTrainStep(
          lp,
          fdMask(),
          1,
          'grpo_no_clip',
          null,
          adv(),
          old(),
          null,
          'masked_normalize',
          4,
        ),
    ],
  ];

  for (const [name, step] of cases) {
    it(`${name}: analytic gradient = (f(x + h) - f(x - h)) / 2h`, () => {
      tf.tidy(() => {
        const { grad } = lossAndGrad(step, logProbs);
        const f = (x: number[][]) => step(tf.tensor2d(x)).loss.dataSync()[0];
        let nonZero = 0;
        for (const [b, row] of logProbs.entries()) {
          for (const t of row.keys()) {
            const plus = logProbs.map((r) => [...r]);
            const minus = logProbs.map((r) => [...r]);
            plus[b][t] += H;
            minus[b][t] -= H;
            const numeric = (f(plus) - f(minus)) / (2 * H);
            expect(
              Math.abs(grad[b][t] - numeric),
              `d loss / d logProbs[${b}][${t}]: ${grad[b][t]} vs ${numeric}`,
            ).toBeLessThan(2e-4 + 1e-2 * Math.abs(numeric));
            if (Math.abs(numeric) > 1e-3) nonZero++;
          }
        }
        expect(nonZero).toBeGreaterThanOrEqual(4); // the check compares real gradients, not zeros
      });
    });
  }
});
