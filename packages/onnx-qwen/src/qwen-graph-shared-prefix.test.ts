import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint, type ModelConfig, type NamedTensor } from '@reasonrl/hf-checkpoint';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { MASKED } from './attention-bias.js';
import { buildQwenGraph, QWEN_IO, type QwenGraphOptions } from './qwen-graph.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));
const int32 = (v: number[], dims: number[]) => new ort.Tensor('int32', Int32Array.from(v), dims);
const int64 = (v: number[], dims: number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
const lseOf = (row: Float32Array) => {
  const m = Math.max(...row);
  return m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
};

/**
 * The gqa prefill session, the plain static decode session and the variant decode session (options added to a
 * static decode graph) of one checkpoint, with its weights as feeds.
 */
async function openSessions(
  config: ModelConfig,
  tensors: Map<string, NamedTensor>,
  variant: Partial<QwenGraphOptions>,
) {
  const prefill = buildQwenGraph(config, tensors, { kind: 'prefill', weights: 'inputs', attention: 'gqa' });
  const decode = (extra: Partial<QwenGraphOptions>) =>
    ort.InferenceSession.create(
      buildQwenGraph(config, tensors, { kind: 'decode', weights: 'inputs', attention: 'static', ...extra })
        .bytes,
      { intraOpNumThreads: 1 },
    );
  const weights: Record<string, ort.Tensor> = {};
  for (const name of prefill.weightInputs)
    weights[name] = new ort.Tensor('float32', tensors.get(name)!.data, tensors.get(name)!.shape);
  return {
    weights,
    pre: await ort.InferenceSession.create(prefill.bytes, { intraOpNumThreads: 1 }),
    decPlain: await decode({}),
    decVariant: await decode(variant),
  };
}

describe.each(['qwen2-tiny', 'qwen3-tiny'])('static decode with a shared prefix (cascade) on %s', (model) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const inputIds: number[][] = golden.tokenize_prompt_and_output.input_ids.data;

  it('gives the logits of the per-row cache holding the whole prompt (1e-5), and transformers log-sum-exp (1e-4)', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const { numKeyValueHeads: kvH, headDim: D, numHiddenLayers: L, vocabSize: V } = config;
    // the three golden rows share their first 195 tokens (the r1_zero template); take P = 195
    let P = 0;
    while (inputIds.every((row) => row[P] === inputIds[0][P])) P++;
    expect(P).toBe(195);
    const {
      weights,
      pre,
      decPlain,
      decVariant: decCascade,
    } = await openSessions(config, tensors, {
      sharedPrefix: true,
    });

    // rows of different lengths after the prefix: 1, 30 and 70 tokens of their own
    const starts = [P + 1, P + 30, P + 70];
    const B = starts.length;
    const steps = 4;
    const C = Math.max(...starts) + steps; // whole-prompt capacity
    const Cs = C - P; // capacity after the prefix
    const full = Array.from({ length: L }, () => ({
      key: new Float32Array(B * kvH * C * D),
      value: new Float32Array(B * kvH * C * D),
    }));
    const suffix = Array.from({ length: L }, () => ({
      key: new Float32Array(B * kvH * Cs * D),
      value: new Float32Array(B * kvH * Cs * D),
    }));
    const prefix = Array.from({ length: L }, () => ({
      key: new Float32Array(kvH * P * D),
      value: new Float32Array(kvH * P * D),
    }));
    for (let r = 0; r < B; r++) {
      const n = starts[r];
      const out = await pre.run({
        ...weights,
        [QWEN_IO.inputIds]: int64(inputIds[r].slice(0, n), [1, n]),
        [QWEN_IO.seqlensK]: int32([n - 1], [1]),
        [QWEN_IO.totalSequenceLength]: int32([n], []),
      });
      for (let l = 0; l < L; l++) {
        for (const kv of ['key', 'value'] as const) {
          const src = out[kv === 'key' ? QWEN_IO.presentKey(l) : QWEN_IO.presentValue(l)]
            .data as Float32Array; // (1, kvH, n, D)
          for (let h = 0; h < kvH; h++) {
            const head = src.subarray(h * n * D, (h + 1) * n * D);
            full[l][kv].set(head, (r * kvH + h) * C * D);
            suffix[l][kv].set(head.subarray(P * D), (r * kvH + h) * Cs * D);
            if (r === 0) prefix[l][kv].set(head.subarray(0, P * D), h * P * D);
          }
        }
      }
    }
    const lse: number[][] = golden.forward.logsumexp.data;
    const lengths = [...starts];
    let maxDiff = 0;
    for (let step = 0; step < steps; step++) {
      const common = {
        ...weights,
        [QWEN_IO.inputIds]: int64(
          lengths.map((n, r) => inputIds[r][n]),
          [B, 1],
        ),
        [QWEN_IO.positionIds]: int64(lengths, [B, 1]), // absolute positions in both graphs
      };
      const bias = (capacity: number, offset: number) => {
        const b = new Float32Array(B * capacity);
        for (let r = 0; r < B; r++) b.fill(MASKED, r * capacity + lengths[r] - offset, (r + 1) * capacity);
        return new ort.Tensor('float32', b, [B, 1, 1, 1, capacity]);
      };
      const feedsPlain: Record<string, ort.Tensor> = { ...common, [QWEN_IO.attentionBias]: bias(C, 0) };
      const feedsCascade: Record<string, ort.Tensor> = { ...common, [QWEN_IO.attentionBias]: bias(Cs, P) };
      for (let l = 0; l < L; l++) {
        feedsPlain[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', full[l].key, [B, kvH, C, D]);
        feedsPlain[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', full[l].value, [B, kvH, C, D]);
        feedsCascade[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', suffix[l].key, [B, kvH, Cs, D]);
        feedsCascade[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', suffix[l].value, [B, kvH, Cs, D]);
        feedsCascade[QWEN_IO.prefixKey(l)] = new ort.Tensor('float32', prefix[l].key, [kvH, P, D]);
        feedsCascade[QWEN_IO.prefixValue(l)] = new ort.Tensor('float32', prefix[l].value, [kvH, P, D]);
      }
      const a = await decPlain.run(feedsPlain);
      const b = await decCascade.run(feedsCascade);
      const logitsA = a[QWEN_IO.logits].data as Float32Array;
      const logitsB = b[QWEN_IO.logits].data as Float32Array;
      for (let i = 0; i < logitsA.length; i++) maxDiff = Math.max(maxDiff, Math.abs(logitsA[i] - logitsB[i]));
      for (let r = 0; r < B; r++) {
        const row = logitsB.subarray(r * V, (r + 1) * V);
        expect(Math.abs(lseOf(row) - lse[r][lengths[r]])).toBeLessThan(1e-4);
      }
      // both caches get the new token: slot lengths[r] of the whole-prompt cache, lengths[r] - P after the prefix
      for (let l = 0; l < L; l++) {
        for (const kv of ['key', 'value'] as const) {
          const name = kv === 'key' ? QWEN_IO.newKey(l) : QWEN_IO.newValue(l);
          const freshA = a[name].data as Float32Array;
          const freshB = b[name].data as Float32Array;
          for (let r = 0; r < B; r++) {
            for (let h = 0; h < kvH; h++) {
              const from = (r * kvH + h) * D;
              full[l][kv].set(freshA.subarray(from, from + D), ((r * kvH + h) * C + lengths[r]) * D);
              suffix[l][kv].set(freshB.subarray(from, from + D), ((r * kvH + h) * Cs + lengths[r] - P) * D);
            }
          }
        }
      }
      for (let r = 0; r < B; r++) lengths[r]++;
    }
    expect(maxDiff).toBeLessThan(1e-5);
    await Promise.all([pre.release(), decPlain.release(), decCascade.release()]);
  });

  it('with prompt groups (n samples per prompt) gives the logits of the per-row cache holding everything (1e-5)', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const { numKeyValueHeads: kvH, headDim: D, numHiddenLayers: L } = config;
    const P = 195; // shared by the golden rows (see above)
    const {
      weights,
      pre,
      decPlain,
      decVariant: decGrouped,
    } = await openSessions(config, tensors, {
      sharedPrefix: true,
      promptGroups: true,
    });
    // prompt A = golden row 0's first P + 20 tokens, prompt B = golden row 2's first P + 60; three samples:
    // rows 0 and 2 of prompt A (3 and 0 generated tokens so far, different ones), row 1 of prompt B (5 generated).
    // The rows' token streams: row 0 continues golden row 0, row 2 takes golden row 1's tokens after prompt A.
    const promptLength = [P + 20, P + 60, P + 20];
    const stream = [
      inputIds[0],
      inputIds[2],
      [...inputIds[0].slice(0, P + 20), ...inputIds[1].slice(P + 20)],
    ];
    const generated = [3, 5, 0];
    const groupOf = [0, 1, 0]; // group 0 = prompt A, group 1 = prompt B
    const B = 3;
    const G = 2;
    const n = 2; // query slots per group: group 1 has one row and one unused slot
    const groupRows = [0, 2, 1, 1]; // slot g*n+k -> row (slot 3 unused: any row)
    const rowSlots = [0, 2, 1];
    const steps = 3;
    const starts = promptLength.map((n, r) => n + generated[r]);
    const C = Math.max(...starts) + steps;
    const Cg = Math.max(...promptLength) - P;
    const Cr = Math.max(...generated) + steps;
    const alloc = (size: number) =>
      Array.from({ length: L }, () => ({ key: new Float32Array(size), value: new Float32Array(size) }));
    const full = alloc(B * kvH * C * D);
    const rows = alloc(B * kvH * Cr * D);
    const groups = alloc(G * kvH * Cg * D);
    const prefix = alloc(kvH * P * D);
    for (let r = 0; r < B; r++) {
      const len = starts[r];
      const out = await pre.run({
        ...weights,
        [QWEN_IO.inputIds]: int64(stream[r].slice(0, len), [1, len]),
        [QWEN_IO.seqlensK]: int32([len - 1], [1]),
        [QWEN_IO.totalSequenceLength]: int32([len], []),
      });
      for (let l = 0; l < L; l++) {
        for (const kv of ['key', 'value'] as const) {
          const src = out[kv === 'key' ? QWEN_IO.presentKey(l) : QWEN_IO.presentValue(l)]
            .data as Float32Array;
          for (let h = 0; h < kvH; h++) {
            const head = src.subarray(h * len * D, (h + 1) * len * D);
            full[l][kv].set(head, (r * kvH + h) * C * D);
            rows[l][kv].set(head.subarray(promptLength[r] * D), (r * kvH + h) * Cr * D);
            if (r !== 2)
              groups[l][kv].set(head.subarray(P * D, promptLength[r] * D), (groupOf[r] * kvH + h) * Cg * D);
            if (r === 0) prefix[l][kv].set(head.subarray(0, P * D), h * P * D);
          }
        }
      }
    }
    const groupBias = new Float32Array(G * Cg);
    for (let j = 0; j < G; j++)
      groupBias.fill(MASKED, j * Cg + promptLength[j === 0 ? 0 : 1] - P, (j + 1) * Cg);
    const lengths = [...starts];
    let maxDiff = 0;
    for (let step = 0; step < steps; step++) {
      const common = {
        ...weights,
        [QWEN_IO.inputIds]: int64(
          lengths.map((n, r) => stream[r][n]),
          [B, 1],
        ),
        [QWEN_IO.positionIds]: int64(lengths, [B, 1]),
      };
      const bias = (capacity: number, offsets: number[]) => {
        const b = new Float32Array(B * capacity);
        for (let r = 0; r < B; r++)
          b.fill(MASKED, r * capacity + lengths[r] - offsets[r], (r + 1) * capacity);
        return new ort.Tensor('float32', b, [B, 1, 1, 1, capacity]);
      };
      const feedsPlain: Record<string, ort.Tensor> = {
        ...common,
        [QWEN_IO.attentionBias]: bias(C, [0, 0, 0]),
      };
      const feedsGrouped: Record<string, ort.Tensor> = {
        ...common,
        [QWEN_IO.attentionBias]: bias(Cr, promptLength),
        [QWEN_IO.groupBias]: new ort.Tensor('float32', groupBias, [G, 1, 1, Cg]),
        [QWEN_IO.groupRows]: int64(groupRows, [G * n]),
        [QWEN_IO.rowSlots]: int64(rowSlots, [B]),
      };
      for (let l = 0; l < L; l++) {
        feedsPlain[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', full[l].key, [B, kvH, C, D]);
        feedsPlain[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', full[l].value, [B, kvH, C, D]);
        feedsGrouped[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', rows[l].key, [B, kvH, Cr, D]);
        feedsGrouped[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', rows[l].value, [B, kvH, Cr, D]);
        feedsGrouped[QWEN_IO.groupKey(l)] = new ort.Tensor('float32', groups[l].key, [G, kvH, Cg, D]);
        feedsGrouped[QWEN_IO.groupValue(l)] = new ort.Tensor('float32', groups[l].value, [G, kvH, Cg, D]);
        feedsGrouped[QWEN_IO.prefixKey(l)] = new ort.Tensor('float32', prefix[l].key, [kvH, P, D]);
        feedsGrouped[QWEN_IO.prefixValue(l)] = new ort.Tensor('float32', prefix[l].value, [kvH, P, D]);
      }
      const a = await decPlain.run(feedsPlain);
      const b = await decGrouped.run(feedsGrouped);
      const logitsA = a[QWEN_IO.logits].data as Float32Array;
      const logitsB = b[QWEN_IO.logits].data as Float32Array;
      for (let i = 0; i < logitsA.length; i++) maxDiff = Math.max(maxDiff, Math.abs(logitsA[i] - logitsB[i]));
      for (let l = 0; l < L; l++) {
        for (const kv of ['key', 'value'] as const) {
          const name = kv === 'key' ? QWEN_IO.newKey(l) : QWEN_IO.newValue(l);
          const freshA = a[name].data as Float32Array;
          const freshB = b[name].data as Float32Array;
          for (let r = 0; r < B; r++) {
            for (let h = 0; h < kvH; h++) {
              const from = (r * kvH + h) * D;
              full[l][kv].set(freshA.subarray(from, from + D), ((r * kvH + h) * C + lengths[r]) * D);
              rows[l][kv].set(
                freshB.subarray(from, from + D),
                ((r * kvH + h) * Cr + lengths[r] - promptLength[r]) * D,
              );
            }
          }
        }
      }
      for (let r = 0; r < B; r++) lengths[r]++;
    }
    expect(maxDiff).toBeLessThan(1e-5);
    await Promise.all([pre.release(), decPlain.release(), decGrouped.release()]);
  });

  it('is refused outside the static decode graph', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    for (const options of [
      { kind: 'decode', attention: 'gqa' },
      { kind: 'decode', attention: 'standard' },
      { kind: 'prefill', attention: 'gqa' },
    ] as const) {
      expect(() =>
        buildQwenGraph(config, tensors, { ...options, weights: 'inputs', sharedPrefix: true }),
      ).toThrow(/'sharedPrefix' is for the static decode graph only/);
    }
    expect(() =>
      buildQwenGraph(config, tensors, {
        kind: 'decode',
        attention: 'static',
        weights: 'inputs',
        promptGroups: true,
      }),
    ).toThrow(/'promptGroups' needs 'sharedPrefix'/);
  });
});
