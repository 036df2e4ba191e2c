import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Loss, LossInputs } from '@reasonrl/core';
import { randomQwenTensors, saveCheckpoint } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { selectPlatform } from './platform.js';
import { sftLoss } from './sft-loss.js';
import { autoTrainEngineSkip, TfjsBackend, type TrainEngine } from './tfjs-backend.js';
import { tinyQwenConfig } from './tiny-config.js';
import type { Microbatch, PolicyOutputs } from './trainer.js';

const config = tinyQwenConfig({ numHiddenLayers: 2 });
const tensors = randomQwenTensors(config, { seed: 5, std: 0.3, normNoise: 0.1 });
const settings = {
  lr: 1e-2,
  betas: [0.9, 0.95] as [number, number],
  eps: 1e-8,
  weightDecay: 0.01,
  maxGradNorm: 1,
};
const microbatches: Microbatch[] = [
  {
    inputIds: [
      [1, 5, 7, 9, 11, 3],
      [2, 4, 6, 8, 0, 0],
    ],
    labels: [
      [5, 7, 9, 11, 3, 0],
      [4, 6, 8, 0, 0, 0],
    ],
    responseMask: [
      [0, 0, 1, 1, 1, 0],
      [0, 1, 1, 0, 0, 0],
    ],
  },
  {
    inputIds: [[10, 20, 30, 40, 50, 60]],
    labels: [[20, 30, 40, 50, 60, 61]],
    responseMask: [[0, 0, 0, 1, 1, 1]],
  },
];

/** SFT over 2 microbatches plus an entropy bonus, so d loss / d entropy is not zero. */
const lossWithEntropy = ({ policyLogProbs, tokenEntropy }: PolicyOutputs, mb: Microbatch) => {
  const mask = tf.tensor2d(mb.responseMask, undefined, 'float32');
  const sft = tf.div(sftLoss(policyLogProbs, mask), 2);
  const bonus = tf.mul(-0.1, tf.div(tf.sum(tf.mul(tokenEntropy!, mask)), tf.sum(mask)));
  return { loss: tf.add(sft, bonus) as tf.Scalar, metadata: { entropy: tf.mean(tokenEntropy!) } };
};

let dir: string;
beforeAll(async () => {
  await selectPlatform('auto');
  dir = await mkdtemp(join(tmpdir(), 'train-engine-'));
  await saveCheckpoint(dir, config, tensors);
});

async function threeSteps(engine: TrainEngine, loss = lossWithEntropy, linearInLogProbs = false) {
  const backend = await TfjsBackend.load(dir, { trainEngine: engine, optimizer: settings });
  const results = [];
  for (let i = 0; i < 3; i++)
    results.push(
      await backend.trainStepWith(microbatches, loss, { returnTokenEntropy: true, linearInLogProbs }),
    );
  return { backend, results };
}

/** Two runs took the same steps: losses, norms and metadata within `tol` (relative), weights equal to `tol`. */
function expectSameSteps(
  a: Awaited<ReturnType<typeof threeSteps>>,
  b: Awaited<ReturnType<typeof threeSteps>>,
  tol: number,
) {
  for (let i = 0; i < 3; i++) {
    const [x, y] = [a.results[i], b.results[i]];
    expect(Math.abs(x.loss - y.loss)).toBeLessThanOrEqual(tol * Math.abs(y.loss));
    expect(Math.abs(x.gradNorm - y.gradNorm)).toBeLessThanOrEqual(tol * y.gradNorm);
    const [ex, ey] = [x.metadata?.entropy as number, y.metadata?.entropy as number];
    expect(Math.abs(ex - ey)).toBeLessThanOrEqual(tol * Math.abs(ey));
  }
  for (const name of b.backend.model.params.keys()) {
    const x = a.backend.getParameter(name);
    const y = b.backend.getParameter(name);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
    expect(worst, name).toBeLessThanOrEqual(tol);
  }
}

describe('trainEngine', () => {
  it("'ort' and 'tfjs' take the same steps: losses, pre-clip norms, metadata and weights", async () => {
    const ort = await threeSteps('ort');
    const ref = await threeSteps('tfjs');
    expect(ort.backend.trainEngine).toBe('ort');
    expect(ref.backend.trainEngine).toBe('tfjs');
    for (let i = 0; i < 3; i++) {
      const [a, b] = [ort.results[i], ref.results[i]];
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-4 * Math.abs(b.loss));
      expect(Math.abs(a.gradNorm - b.gradNorm)).toBeLessThan(1e-4 * b.gradNorm);
      expect(a.metadata?.entropy).toBeCloseTo(b.metadata?.entropy as number, 4);
    }
    for (const name of ref.backend.model.params.keys()) {
      const a = ort.backend.getParameter(name);
      const b = ref.backend.getParameter(name);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(worst, name).toBeLessThan(1e-3); // 3 AdamW steps of at most ~lr = 1e-2 each
    }
    ort.backend.dispose();
    ref.backend.dispose();
  });

  it('a loss linear in the log-probs takes one-pass steps (forward and backward fused) equal to two-pass ones', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fused = await threeSteps('ort', lossWithEntropy, true);
    const twoPass = await threeSteps('ort', lossWithEntropy, false);
    expectSameSteps(fused, twoPass, 1e-6);
    expect(warn).not.toHaveBeenCalled(); // its gradient held: every microbatch used the fused pass
    warn.mockRestore();
    fused.backend.dispose();
    twoPass.backend.dispose();
  });

  it('a loss declared linear that is not still gets its true gradient (two-pass fallback) and one warning', async () => {
    // exp(log p): a ratio-style loss, its gradient p * mask depends on the log-probs
    const ratioLoss = ({ policyLogProbs, tokenEntropy }: PolicyOutputs, mb: Microbatch) => {
      const mask = tf.tensor2d(mb.responseMask, undefined, 'float32');
      const loss = tf.neg(tf.div(tf.sum(tf.mul(tf.exp(policyLogProbs), mask)), tf.sum(mask)));
      return { loss: loss as tf.Scalar, metadata: { entropy: tf.mean(tokenEntropy!) } };
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const misdeclared = await threeSteps('ort', ratioLoss, true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/declared linearInLogProbs .* depends on the log-probs/);
    warn.mockRestore();
    const twoPass = await threeSteps('ort', ratioLoss, false);
    expectSameSteps(misdeclared, twoPass, 1e-6);
    misdeclared.backend.dispose();
    twoPass.backend.dispose();
  });

  it("trainStep reads the Loss's linearInLogProbs; a Loss found not linear warns once by name, then takes two passes", async () => {
    const backend = await TfjsBackend.load(dir, { trainEngine: 'ort', optimizer: settings });
    const mb = { ...microbatches[0] };
    const loss = (linearInLogProbs: boolean): Loss<tf.Tensor> => ({
      name: 'exp',
      requires: [],
      linearInLogProbs,
      perTokenLoss: () => {
        throw new Error('unused');
      },
      microbatchLoss: ({ policyLogProbs }: LossInputs<tf.Tensor>) => ({
        loss: tf.neg(tf.sum(tf.exp(policyLogProbs))),
        metadata: {},
      }),
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fusedSteps = vi.spyOn(backend.engine!, 'step');
    await backend.trainStep([mb], loss(false), settings);
    expect(fusedSteps).not.toHaveBeenCalled();
    const misdeclared = loss(true);
    await backend.trainStep([mb], misdeclared, settings);
    expect(fusedSteps).toHaveBeenCalledTimes(1); // tried, caught, redone on two passes
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/loss 'exp' declares linearInLogProbs/);
    await backend.trainStep([mb], misdeclared, settings);
    expect(fusedSteps).toHaveBeenCalledTimes(1); // not tried again
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    backend.dispose();
  });

  it('the entropy term reaches the gradient (its norm differs from the SFT-only loss)', async () => {
    const backend = await TfjsBackend.load(dir, { trainEngine: 'ort', optimizer: { ...settings, lr: 0 } });
    const withBonus = await backend.trainStepWith(microbatches, lossWithEntropy, {
      returnTokenEntropy: true,
    });
    const plain = await backend.trainStepWith(microbatches, ({ policyLogProbs }, mb) => ({
      loss: tf.div(
        sftLoss(policyLogProbs, tf.tensor2d(mb.responseMask, undefined, 'float32')),
        2,
      ) as tf.Scalar,
    }));
    expect(Math.abs(withBonus.gradNorm - plain.gradNorm)).toBeGreaterThan(1e-3 * plain.gradNorm);
    backend.dispose();
  });

  it("'auto' keeps train steps on a GPU platform (the ort engine is CPU-only) and takes ort on the CPU ones", async () => {
    expect(autoTrainEngineSkip('tfjs-node-gpu')).toMatch(/stay on the GPU/);
    for (const platform of ['wasm/matmul-ort-default-threads', 'wasm/matmul-xnnpack', 'tfjs-node', 'cpu'])
      expect(autoTrainEngineSkip(platform), platform).toBeUndefined();
    const backend = await TfjsBackend.load(dir, { trainEngine: 'auto', optimizer: settings });
    expect([backend.trainEngine, backend.engineSkipped]).toEqual(['ort', undefined]); // here: wasm
    backend.dispose();
  });

  it('logProbs on the ort engine (its score graph) equal the tfjs ones, entropies included', async () => {
    const ort = await TfjsBackend.load(dir, { trainEngine: 'ort', optimizer: settings });
    const ref = await TfjsBackend.load(dir, { trainEngine: 'tfjs', optimizer: settings });
    const score = vi.spyOn(ort.engine!, 'score');
    for (const mb of microbatches) {
      const a = await ort.logProbs(mb, { returnTokenEntropy: true });
      const b = await ref.logProbs(mb, { returnTokenEntropy: true });
      expect(a.logProbs.map((r) => r.length)).toEqual(b.logProbs.map((r) => r.length));
      for (const key of ['logProbs', 'tokenEntropy'] as const)
        for (const [i, row] of a[key]!.entries())
          for (const [t, v] of row.entries())
            expect(Math.abs(v - b[key]![i][t]), `${key}[${i}][${t}]`).toBeLessThan(1e-5);
      expect((await ort.logProbs(mb)).tokenEntropy).toBeUndefined();
    }
    expect(score).toHaveBeenCalledTimes(2 * microbatches.length);
    ort.dispose();
    ref.dispose();
  });

  it('a ratio loss on-policy (oldLogProbsCurrent) takes fused passes with the same steps; stale old log-probs fall back', async () => {
    // grpo_no_clip-like: -mean over response tokens of exp(logp - old) * A; its gradient depends on logp
    const ratioLoss: Loss<tf.Tensor> = {
      name: 'ratio',
      requires: ['oldLogProbs', 'advantages'],
      perTokenLoss: () => {
        throw new Error('unused');
      },
      microbatchLoss: ({ policyLogProbs, oldLogProbs, advantages, responseMask }: LossInputs<tf.Tensor>) => ({
        loss: tf.neg(
          tf.div(
            tf.sum(tf.mul(tf.mul(tf.exp(tf.sub(policyLogProbs, oldLogProbs!)), advantages!), responseMask)),
            tf.sum(responseMask),
          ),
        ),
        metadata: {},
      }),
    };
    const withOld = async (backend: TfjsBackend, shift: number) =>
      Promise.all(
        microbatches.map(async (mb) => ({
          ...mb,
          advantages: mb.inputIds.map((_, i) => (i % 2 ? -0.5 : 1)),
          oldLogProbs: (await backend.logProbs(mb)).logProbs.map((r) => r.map((v) => v + shift)),
        })),
      );
    const run = async (hint: boolean, shift: number) => {
      const backend = await TfjsBackend.load(dir, { trainEngine: 'ort', optimizer: settings });
      const fused = vi.spyOn(backend.engine!, 'step');
      const r = await backend.trainStep(await withOld(backend, shift), ratioLoss, settings, {
        oldLogProbsCurrent: hint,
      });
      const out = { r, fusedCalls: fused.mock.calls.length, w: backend.getParameter('model.norm.weight') };
      backend.dispose();
      return out;
    };
    const plain = await run(false, 0);
    const onPolicy = await run(true, 0);
    expect([plain.fusedCalls, onPolicy.fusedCalls]).toEqual([0, microbatches.length]);
    expect(onPolicy.r.loss).toBe(plain.r.loss);
    expect(Math.abs(onPolicy.r.gradNorm - plain.r.gradNorm)).toBeLessThanOrEqual(1e-6 * plain.r.gradNorm);
    for (const [i, v] of onPolicy.w.entries()) expect(Math.abs(v - plain.w[i])).toBeLessThanOrEqual(1e-6);
    // old log-probs that are not the policy's (a hint that was wrong): one fused try, then two passes; same step
    const stale = await run(true, 0.1);
    const stalePlain = await run(false, 0.1);
    expect(stale.fusedCalls).toBe(1);
    expect(stale.r.loss).toBe(stalePlain.r.loss);
    expect(Math.abs(stale.r.gradNorm - stalePlain.r.gradNorm)).toBeLessThanOrEqual(
      1e-6 * stalePlain.r.gradNorm,
    );
  });

  it('leaks no tensors over 20 ort steps', async () => {
    const backend = await TfjsBackend.load(dir, { trainEngine: 'ort', optimizer: settings });
    await backend.trainStepWith(microbatches, lossWithEntropy, { returnTokenEntropy: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++)
      await backend.trainStepWith(microbatches, lossWithEntropy, { returnTokenEntropy: true });
    expect(tf.memory().numTensors).toBe(before);
    backend.dispose();
  });

  it("logits over the budget: 'ort' says what to change, 'auto' runs the step on tfjs", async () => {
    const tiny = { ortLogitsBudgetBytes: 1000, optimizer: settings };
    const strict = await TfjsBackend.load(dir, { ...tiny, trainEngine: 'ort' });
    await expect(
      strict.trainStepWith(microbatches, lossWithEntropy, { returnTokenEntropy: true }),
    ).rejects.toThrow(/needs .* GiB of logits .* use smaller microbatches/);
    strict.dispose();
    const auto = await TfjsBackend.load(dir, { ...tiny, trainEngine: 'auto' });
    const ref = await TfjsBackend.load(dir, { trainEngine: 'tfjs', optimizer: settings });
    const a = await auto.trainStepWith(microbatches, lossWithEntropy, { returnTokenEntropy: true });
    const b = await ref.trainStepWith(microbatches, lossWithEntropy, { returnTokenEntropy: true });
    expect(a.gradNorm).toBe(b.gradNorm); // the same tfjs computation, bit for bit
    auto.dispose();
    ref.dispose();
  });
});
