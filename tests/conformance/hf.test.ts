// Conformance of the tfjs policy and the HF checkpoint I/O with transformers/PyTorch goldens
// (../shared/conformance/hf-tiny: tiny Qwen2 and Qwen3 made by transformers 5.17 / torch 2.13; see its README).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tf } from '@reasonrl/backend-tfjs';
import { grpoMicrobatchTrainStep } from '@reasonrl/rl-math';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getLogits,
  getParameter,
  getResponseLogProbs,
  loadModel,
  loadTokenizer,
  sftTrainStep,
  tokenizePromptAndOutput,
} from './adapters.js';

const HF_TINY = fileURLToPath(new URL('../../../shared/conformance/hf-tiny/', import.meta.url));

interface T<D = number[][]> {
  shape: number[];
  data: D;
}
interface Golden {
  tokenize_prompt_and_output: {
    prompt_strs: string[];
    output_strs: string[];
    input_ids: T;
    labels: T;
    response_mask: T<boolean[][]>;
    attention_mask: T;
  };
  forward: {
    response_positions: number[][];
    logits_at_response_positions: T[];
    logits_at_position_0: T;
    logits_max: T;
    logits_argmax: T;
    logits_sum: T;
    logsumexp: T;
    log_probs: T;
    token_entropy: T;
  };
  train_step: {
    loss: number;
    grad_norm_pre_clip: number;
    loss_after_step_same_batch: number;
    optimizer: { lr: number; betas: [number, number]; eps: number; weight_decay: number };
    grad_clip: { max_norm: number };
    params_before: Record<string, T<number[] | number[][]>>;
    params_after: Record<string, T<number[] | number[][]>>;
    grads_pre_clip: Record<string, T<number[] | number[][]>>;
  };
}

/** Largest |a - b| over positions where mask is 1. */
function maxDiffMasked(a: number[][], b: number[][], mask: number[][]): number {
  let m = 0;
  for (const [i, row] of a.entries()) {
    for (const [j, v] of row.entries()) if (mask[i][j]) m = Math.max(m, Math.abs(v - b[i][j]));
  }
  return m;
}

describe.each(['qwen2-tiny', 'qwen3-tiny'])('%s against transformers', (name) => {
  const dir = `${HF_TINY}${name}`;
  let g: Golden;
  let model: Awaited<ReturnType<typeof loadModel>>;
  let batch: {
    inputIds: number[][];
    labels: number[][];
    responseMask: number[][];
    attentionMask: number[][];
  };
  let logits: number[][][];

  beforeAll(async () => {
    g = JSON.parse(await readFile(`${dir}/golden.json`, 'utf8'));
    model = await loadModel(dir);
    const tp = g.tokenize_prompt_and_output;
    batch = tokenizePromptAndOutput(tp.prompt_strs, tp.output_strs, await loadTokenizer(dir));
    logits = getLogits(model, batch.inputIds);
  });
  afterAll(() => model?.dispose());

  it('tokenizes the batch exactly as the golden', () => {
    const tp = g.tokenize_prompt_and_output;
    expect(batch.inputIds).toEqual(tp.input_ids.data);
    expect(batch.labels).toEqual(tp.labels.data);
    expect(batch.responseMask).toEqual(tp.response_mask.data.map((r) => r.map(Number)));
  });

  it('matches the logits within 1e-4 (all vocab at response positions and position 0)', () => {
    let m = 0;
    for (const [b, positions] of g.forward.response_positions.entries()) {
      for (const [k, pos] of positions.entries()) {
        for (const [j, v] of g.forward.logits_at_response_positions[b].data[k].entries()) {
          m = Math.max(m, Math.abs(v - logits[b][pos][j]));
        }
      }
    }
    for (const [b, row] of g.forward.logits_at_position_0.data.entries()) {
      for (const [j, v] of row.entries()) m = Math.max(m, Math.abs(v - logits[b][0][j]));
    }
    expect(m).toBeLessThan(1e-4);
  });

  it('matches per-position max, argmax and vocab sum on every real position', () => {
    const mask = batch.attentionMask;
    const max = logits.map((r) => r.map((v) => Math.max(...v)));
    const sum = logits.map((r) => r.map((v) => v.reduce((a, c) => a + c, 0)));
    expect(maxDiffMasked(max, g.forward.logits_max.data, mask)).toBeLessThan(1e-4);
    expect(maxDiffMasked(sum, g.forward.logits_sum.data, mask)).toBeLessThan(512 * 1e-4);
    let argmaxMismatch = 0;
    for (const [b, r] of logits.entries()) {
      for (const [t, v] of r.entries()) {
        if (mask[b][t] && v.indexOf(Math.max(...v)) !== g.forward.logits_argmax.data[b][t]) argmaxMismatch++;
      }
    }
    expect(argmaxMismatch).toBe(0);
  });

  it('getResponseLogProbs matches log-probs and entropies within 1e-4 on real positions', () => {
    const { logProbs, tokenEntropy } = getResponseLogProbs(model, batch.inputIds, batch.labels, true);
    expect(maxDiffMasked(logProbs, g.forward.log_probs.data, batch.attentionMask)).toBeLessThan(1e-4);
    expect(maxDiffMasked(tokenEntropy!, g.forward.token_entropy.data, batch.attentionMask)).toBeLessThan(
      1e-4,
    );
    expect(getResponseLogProbs(model, batch.inputIds, batch.labels).tokenEntropy).toBeUndefined();
  });

  it('sftTrainStep matches the golden AdamW step (loss, pre-clip grad norm, parameters after)', async () => {
    const ts = g.train_step;
    for (const [pname, t] of Object.entries(ts.params_before)) {
      const flat = (t.data as number[] | number[][]).flat();
      const cur = getParameter(model, pname);
      expect(Math.max(...flat.map((v, i) => Math.abs(v - cur[i])))).toBe(0);
    }
    const { loss, gradNorm } = await sftTrainStep(model, batch, {
      lr: ts.optimizer.lr,
      betas: ts.optimizer.betas,
      eps: ts.optimizer.eps,
      weightDecay: ts.optimizer.weight_decay,
      maxGradNorm: ts.grad_clip.max_norm,
    });
    expect(Math.abs(loss - ts.loss) / ts.loss).toBeLessThan(1e-3);
    expect(Math.abs(gradNorm - ts.grad_norm_pre_clip) / ts.grad_norm_pre_clip).toBeLessThan(1e-3);
    // First AdamW step: p' = p (1 - lr wd) - lr g_c / (|g_c| + eps), g_c = g / (norm + 1e-6). Where |g_c| is near eps
    // the update is ill-conditioned: a float32 gradient difference dg (we match torch's gradients to ~2e-5 absolute)
    // moves it by lr * dg_c * eps / (|g_c| + eps)^2. The tolerance is 2e-6 plus that bound, per element.
    const coef = 1 / (ts.grad_norm_pre_clip + 1e-6);
    for (const [pname, t] of Object.entries(ts.params_after)) {
      const flat = (t.data as number[] | number[][]).flat();
      const grads = (ts.grads_pre_clip[pname].data as number[] | number[][]).flat();
      const cur = getParameter(model, pname);
      flat.forEach((v, i) => {
        const gc = Math.abs(grads[i]) * coef;
        const tol = 2e-6 + (ts.optimizer.lr * 2e-5 * coef * ts.optimizer.eps) / (gc + ts.optimizer.eps) ** 2;
        if (Math.abs(v - cur[i]) > tol)
          expect.fail(`${pname}[${i}]: ${cur[i]} vs golden ${v} (tolerance ${tol})`);
      });
    }
    const after = getResponseLogProbs(model, batch.inputIds, batch.labels).logProbs;
    const lossAfter =
      after.reduce((s, row, b) => s - row.reduce((a, v, t) => a + v * batch.responseMask[b][t], 0), 0) /
      after.length;
    expect(Math.abs(lossAfter - ts.loss_after_step_same_batch) / ts.loss_after_step_same_batch).toBeLessThan(
      1e-3,
    );
  });
});

describe('trainStep with a loss from @reasonrl/rl-math (grpo_clip, two microbatches)', () => {
  it('takes the loss function as is, logs its scalar metadata, and leaks nothing', async () => {
    const dir = `${HF_TINY}qwen2-tiny`;
    const model = await loadModel(dir);
    const tok = await loadTokenizer(dir);
    const batch = tokenizePromptAndOutput(['2 + 2 =', 'Half of 8 is'], [' 4 </answer>', ' 4 </answer>'], tok);
    // old log-probs = current ones: ratio 1 on the first step, so nothing is clipped and the loss is -mean(A).
    const old = getResponseLogProbs(model, batch.inputIds, batch.labels).logProbs;
    const advantages = [1, -0.5];
    const microbatches = [0, 1].map((i) => ({
      inputIds: [batch.inputIds[i]],
      labels: [batch.labels[i]],
      responseMask: [batch.responseMask[i]],
      oldLogProbs: [old[i]],
      advantage: advantages[i],
    }));
    model.trainer.settings = { lr: 1e-3, betas: [0.9, 0.95], eps: 1e-8, weightDecay: 0, maxGradNorm: 1 };
    const numParams = model.model.params.size;
    const before = tf.memory().numTensors;
    const result = await model.trainStepWith(microbatches, ({ policyLogProbs }, mb) =>
      grpoMicrobatchTrainStep(
        policyLogProbs,
        tf.tensor2d(mb.responseMask),
        2,
        'grpo_clip',
        null,
        tf.tensor2d([[mb.advantage]]),
        tf.tensor2d(mb.oldLogProbs),
        0.2,
      ),
    );
    expect(tf.memory().numTensors).toBe(before + 2 * numParams); // only AdamW's two moments per parameter remain
    // masked mean per sequence of -A * ratio (ratio 1) = -A; / 2 microbatches, summed: -(1 - 0.5) / 2
    expect(result.loss).toBeCloseTo(-0.25, 5);
    expect(result.metadata?.clipFraction).toBe(0);
    expect(result.gradNorm).toBeGreaterThan(0);
    model.dispose();
  });
});
