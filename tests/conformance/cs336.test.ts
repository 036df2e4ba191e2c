/**
 * CS336 A5 conformance: every test vector in ../shared/conformance/cs336/ that needs no Qwen
 * weights or tokenizer, run through ./adapters.ts. The vectors are exact float32, so the tolerance
 * is rtol 1e-5 / atol 1e-6 (the course's atol 1e-2 lets an all-zero answer pass).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  runComputeEntropy,
  runComputeGroupNormalizedRewards,
  runComputeGrpoClipLoss,
  runComputeGrpoNoClipLoss,
  runComputeNaivePolicyGradientLoss,
  runComputePolicyGradientLoss,
  runGrpoMicrobatchTrainStep,
  runMaskedMean,
  runMaskedNormalize,
  runSftMicrobatchTrainStep,
  tf,
  useCpuBackend,
} from './adapters.js';

const RTOL = 1e-5;
const ATOL = 1e-6;
const VECTORS = fileURLToPath(new URL('../../../shared/conformance/cs336/', import.meta.url));

type Nested = number | boolean | null | Nested[];
interface TensorSpec {
  dtype: 'float32' | 'int64' | 'bool';
  shape: number[];
  data: Nested;
}
interface Vector {
  // biome-ignore lint/suspicious/noExplicitAny: each vector file has its own input fields (see the vectors' README).
  inputs: Record<string, any>;
  expected: Record<string, TensorSpec | number>;
}

function load(name: string): Vector {
  return JSON.parse(readFileSync(`${VECTORS}${name}.json`, 'utf8')) as Vector;
}

function flat(data: Nested): number[] {
  if (Array.isArray(data)) return data.flatMap(flat);
  if (data === null) return [Number.NaN];
  return [Number(data)];
}

/** A JSON tensor spec as a tf tensor (int64 becomes int32, null becomes NaN). */
function tensor(spec: TensorSpec): tf.Tensor {
  const dtype = spec.dtype === 'int64' ? 'int32' : spec.dtype;
  return tf.tensor(flat(spec.data), spec.shape, dtype);
}

/** assert_allclose(actual, expected, rtol, atol, equal_nan=True), with the shape checked too. */
function expectClose(actual: tf.Tensor | number[], expected: TensorSpec | number, label: string): void {
  const want =
    typeof expected === 'number'
      ? { shape: [] as number[], values: [expected] }
      : { shape: expected.shape, values: flat(expected.data) };
  const got = Array.isArray(actual) ? actual : Array.from(actual.dataSync());
  if (!Array.isArray(actual)) expect(actual.shape, `${label} shape`).toEqual(want.shape);
  expect(got.length, `${label} size`).toBe(want.values.length);
  const bad: string[] = [];
  got.forEach((g, i) => {
    const e = want.values[i];
    const ok = Number.isNaN(e) ? Number.isNaN(g) : Math.abs(g - e) <= ATOL + RTOL * Math.abs(e);
    if (!ok && bad.length < 5) bad.push(`[${i}] got ${g}, expected ${e}`);
  });
  expect(bad, `${label}: entries outside rtol ${RTOL} / atol ${ATOL}`).toEqual([]);
}

/** The vectors' dummy reward: (int(sha256(response).hexdigest(), 16) % 10) / 10. */
function sha256Reward(response: string): { reward: number; formatReward: number; answerReward: number } {
  const r = Number(BigInt(`0x${createHash('sha256').update(response, 'utf8').digest('hex')}`) % 10n) / 10;
  return { reward: r, formatReward: r, answerReward: r };
}

describe('CS336 A5 conformance vectors (losses)', () => {
  let before = 0;
  beforeEach(() => {
    useCpuBackend();
    tf.engine().startScope();
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    tf.engine().endScope();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('test_compute_entropy', () => {
    const v = load('test_compute_entropy');
    expectClose(runComputeEntropy(tensor(v.inputs.logits)), v.expected.array, 'entropy');
  });

  for (const dim of ['dim0', 'dim1', 'dimlast', 'dimNone']) {
    it(`test_masked_mean_${dim}`, () => {
      const v = load(`test_masked_mean_${dim}`);
      const out = runMaskedMean(tensor(v.inputs.tensor), tensor(v.inputs.mask), v.inputs.dim);
      expectClose(out, v.expected.array, 'maskedMean');
    });
    it(`test_masked_normalize_${dim}`, () => {
      const v = load(`test_masked_normalize_${dim}`);
      const out = runMaskedNormalize(
        tensor(v.inputs.tensor),
        tensor(v.inputs.mask),
        v.inputs.dim,
        v.inputs.normalize_constant,
      );
      expectClose(out, v.expected.array, 'maskedNormalize');
    });
  }

  it('test_masked_mean_dim0 keeps 0/0 as NaN where both rows are masked out', () => {
    const v = load('test_masked_mean_dim0');
    const got = Array.from(runMaskedMean(tensor(v.inputs.tensor), tensor(v.inputs.mask), 0).dataSync());
    expect(got.filter(Number.isNaN).length).toBe(260);
  });

  for (const name of ['normalize_by_std', 'no_normalize_by_std']) {
    it(`test_compute_group_normalized_rewards_${name}`, () => {
      const { inputs, expected } = load(`test_compute_group_normalized_rewards_${name}`);
      for (const [response, value] of Object.entries(inputs.reward_fn_values as Record<string, number>)) {
        expect(sha256Reward(response).reward, `dummy reward of '${response}'`).toBe(value);
      }
      const out = runComputeGroupNormalizedRewards(
        (response: string) => sha256Reward(response),
        inputs.rollout_responses,
        inputs.repeated_ground_truths,
        inputs.group_size,
        inputs.advantage_eps,
        inputs.normalize_by_std,
      );
      expectClose(out.advantages, expected.normalized_rewards, 'advantages');
      expectClose(out.rawRewards, expected.raw_rewards, 'rawRewards');
      out.advantages.dispose();
      out.rawRewards.dispose();
    });
  }

  it('test_compute_naive_policy_gradient_loss', () => {
    const { inputs, expected } = load('test_compute_naive_policy_gradient_loss');
    const out = runComputeNaivePolicyGradientLoss(
      tensor(inputs.raw_rewards_or_advantages),
      tensor(inputs.policy_log_probs),
    );
    expectClose(out, expected.array, 'loss');
  });

  for (const size of ['large', 'small']) {
    it(`test_compute_grpo_clip_loss_${size}_cliprange`, () => {
      const { inputs, expected } = load(`test_compute_grpo_clip_loss_${size}_cliprange`);
      const { loss } = runComputeGrpoClipLoss(
        tensor(inputs.advantages),
        tensor(inputs.policy_log_probs),
        tensor(inputs.old_log_probs),
        inputs.cliprange,
      );
      expectClose(loss, expected.array, 'loss');
    });
  }

  it('grpo_no_clip on the grpo_clip vectors equals the large-cliprange (never clipped) snapshot', () => {
    // cliprange 10 clips nothing here (ratio = exp(-policyLogProbs) is in (0.1, 9)), so -ratio * A is that snapshot.
    const { inputs, expected } = load('test_compute_grpo_clip_loss_large_cliprange');
    const { loss } = runComputeGrpoNoClipLoss(
      tensor(inputs.advantages),
      tensor(inputs.policy_log_probs),
      tensor(inputs.old_log_probs),
    );
    expectClose(loss, expected.array, 'loss');
    const viaDispatcher = runComputePolicyGradientLoss(
      tensor(inputs.policy_log_probs),
      'grpo_no_clip',
      null,
      tensor(inputs.advantages),
      tensor(inputs.old_log_probs),
    );
    expectClose(viaDispatcher.loss, expected.array, 'dispatcher loss');
  });

  for (const lossType of ['no_baseline', 'reinforce_with_baseline', 'grpo_clip']) {
    it(`test_compute_policy_gradient_loss_${lossType}`, () => {
      const { inputs, expected } = load(`test_compute_policy_gradient_loss_${lossType}`);
      const { loss } = runComputePolicyGradientLoss(
        tensor(inputs.policy_log_probs),
        inputs.loss_type,
        tensor(inputs.raw_rewards),
        tensor(inputs.advantages),
        tensor(inputs.old_log_probs),
        inputs.cliprange,
      );
      expectClose(loss, expected.array, 'loss');
    });
  }

  /** Calls `step` n_calls times and sums the grads, as repeated `.backward()` into one `.grad`. */
  function accumulate(
    nCalls: number,
    step: () => { loss: tf.Scalar; grad: tf.Tensor; metadata: Record<string, tf.Tensor> },
  ) {
    const losses: number[] = [];
    let grad: tf.Tensor | undefined;
    for (let i = 0; i < nCalls; i++) {
      const out = step();
      losses.push(out.loss.dataSync()[0]);
      grad = grad ? tf.add(grad, out.grad) : tf.clone(out.grad);
      // The caller owns what a train step returns (kept out of every tidy scope): dispose it all.
      tf.dispose([out.loss, out.grad, ...Object.values(out.metadata)]);
    }
    return { losses, grad: grad as tf.Tensor };
  }

  for (const name of [
    'test_sft_microbatch_train_step',
    'test_sft_microbatch_train_step_normalize',
    'test_sft_microbatch_train_step_10_steps',
  ]) {
    it(name, () => {
      const { inputs, expected } = load(name);
      const nCalls = inputs.n_calls ?? 1;
      const policyLogProbs = tensor(inputs.policy_log_probs);
      const { losses, grad } = accumulate(nCalls, () =>
        runSftMicrobatchTrainStep(
          policyLogProbs,
          tensor(inputs.response_mask),
          inputs.gradient_accumulation_steps,
          inputs.normalize_constant,
        ),
      );
      if (nCalls === 1) {
        expectClose(losses, expected.loss, 'loss');
        expectClose(grad, expected.policy_log_probs_grad, 'grad');
      } else {
        // The snapshot stacks the same accumulated .grad tensor n_calls times (see the vectors' README).
        expectClose(losses, expected.loss, 'losses');
        expectClose(
          tf.stack(Array.from({ length: nCalls }, () => grad)),
          expected.policy_log_probs_grad,
          'grads',
        );
      }
    });
  }

  for (const name of [
    'test_grpo_microbatch_train_step_grpo_clip',
    'test_grpo_microbatch_train_step_grpo_clip_10_steps',
  ]) {
    it(name, () => {
      const { inputs, expected } = load(name);
      const nCalls = inputs.n_calls ?? 1;
      const { losses, grad } = accumulate(nCalls, () =>
        runGrpoMicrobatchTrainStep(
          tensor(inputs.policy_log_probs),
          tensor(inputs.response_mask),
          inputs.gradient_accumulation_steps,
          inputs.loss_type,
          tensor(inputs.raw_rewards),
          tensor(inputs.advantages),
          tensor(inputs.old_log_probs),
          inputs.cliprange,
        ),
      );
      if (nCalls === 1) {
        expectClose(losses, expected.loss, 'loss');
        expectClose(grad, expected.policy_log_probs_grad, 'grad');
      } else {
        expectClose(losses, expected.loss, 'losses');
        expectClose(
          tf.stack(Array.from({ length: nCalls }, () => grad)),
          expected.policy_log_probs_grad,
          'grads',
        );
      }
    });
  }
});

describe('CS336 A5 length-normalization example (GRPO section)', () => {
  // ratio = 1 everywhere, advantages = 2, generation 1 has 4 tokens and generation 2 has 7; max length 7.
  const build = () => ({
    ratio: tf.ones([2, 7]),
    advs: tf.fill([2, 7], 2),
    masks: tf.tensor2d([
      [1, 1, 1, 1, 0, 0, 0],
      [1, 1, 1, 1, 1, 1, 1],
    ]),
  });

  it('masked_mean gives [2, 2] and gradients 1/4 and 1/7 per response token', () => {
    useCpuBackend();
    tf.tidy(() => {
      const { ratio, advs, masks } = build();
      expectClose(
        runMaskedMean(tf.mul(ratio, advs), masks, 1),
        { dtype: 'float32', shape: [2], data: [2, 2] },
        'masked_mean',
      );
      const grad = tf.grad((r: tf.Tensor) => tf.mean(runMaskedMean(tf.mul(r, advs), masks, 1)))(ratio);
      const q = 1 / 4;
      const s = 1 / 7;
      expectClose(
        grad,
        {
          dtype: 'float32',
          shape: [2, 7],
          data: [
            [q, q, q, q, 0, 0, 0],
            [s, s, s, s, s, s, s],
          ],
        },
        'grad',
      );
      expect(Array.from(grad.dataSync()).map((g) => Number(g.toFixed(4)))).toEqual([
        0.25, 0.25, 0.25, 0.25, 0, 0, 0, 0.1429, 0.1429, 0.1429, 0.1429, 0.1429, 0.1429, 0.1429,
      ]);
    });
  });

  it('masked_normalize with constant 7 gives [1.1429, 2.0000] and gradient 1/7 on every response token', () => {
    useCpuBackend();
    tf.tidy(() => {
      const { ratio, advs, masks } = build();
      const out = runMaskedNormalize(tf.mul(ratio, advs), masks, 1, 7);
      expectClose(out, { dtype: 'float32', shape: [2], data: [8 / 7, 2] }, 'masked_normalize');
      expect(Array.from(out.dataSync()).map((g) => Number(g.toFixed(4)))).toEqual([1.1429, 2]);
      const grad = tf.grad((r: tf.Tensor) => tf.mean(runMaskedNormalize(tf.mul(r, advs), masks, 1, 7)))(
        ratio,
      );
      const s = 1 / 7;
      expectClose(
        grad,
        {
          dtype: 'float32',
          shape: [2, 7],
          data: [
            [s, s, s, s, 0, 0, 0],
            [s, s, s, s, s, s, s],
          ],
        },
        'grad',
      );
    });
  });
});
