import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildQwenGraph, QWEN_IO } from './qwen-graph.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));
const int32 = (v: number[], dims: number[]) => new ort.Tensor('int32', Int32Array.from(v), dims);
const int64 = (v: number[], dims: number[]) =>
  new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);

describe.each(['qwen2-tiny', 'qwen3-tiny'])('buildQwenGraph with GroupQueryAttention on %s', (model) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const tok = golden.tokenize_prompt_and_output;
  const inputIds: number[][] = tok.input_ids.data;
  const mask: number[][] = tok.attention_mask.data;
  const [B, T] = tok.input_ids.shape as number[];

  it('right-padded prefill logits at the response positions match transformers within 1e-4', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const graph = buildQwenGraph(config, tensors, {
      kind: 'prefill',
      weights: 'initializers',
      attention: 'gqa',
      logits: 'all',
    });
    const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 1 });
    const lengths = mask.map((row) => row.reduce((a, b) => a + b, 0));
    const out = await session.run({
      [QWEN_IO.inputIds]: int64(inputIds.flat(), [B, T]),
      [QWEN_IO.seqlensK]: int32(
        lengths.map((n) => n - 1),
        [B],
      ),
      [QWEN_IO.totalSequenceLength]: int32([T], []),
    });
    const data = out[QWEN_IO.logits].data as Float32Array;
    const V = config.vocabSize;
    let maxDiff = 0;
    for (let b = 0; b < B; b++) {
      const expected: number[][] = golden.forward.logits_at_response_positions[b].data;
      golden.forward.response_positions[b].forEach((t: number, i: number) => {
        for (let v = 0; v < V; v++)
          maxDiff = Math.max(maxDiff, Math.abs(data[(b * T + t) * V + v] - expected[i][v]));
      });
    }
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('prefill on top of a prefix past (computed once) gives the logits of the whole prompt', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const first = buildQwenGraph(config, tensors, {
      kind: 'prefill',
      weights: 'initializers',
      attention: 'gqa',
    });
    const rest = buildQwenGraph(config, tensors, {
      kind: 'prefill',
      weights: 'initializers',
      attention: 'gqa',
      withPast: true,
      logits: 'all',
    });
    const pre = await ort.InferenceSession.create(first.bytes, { intraOpNumThreads: 1 });
    const ext = await ort.InferenceSession.create(rest.bytes, { intraOpNumThreads: 1 });
    const P = 100;
    const n = mask[1].reduce((a, b) => a + b, 0); // row 1's real tokens
    const prefix = await pre.run({
      [QWEN_IO.inputIds]: int64(inputIds[1].slice(0, P), [1, P]),
      [QWEN_IO.seqlensK]: int32([P - 1], [1]),
      [QWEN_IO.totalSequenceLength]: int32([P], []),
    });
    const feeds: Record<string, ort.Tensor> = {
      [QWEN_IO.inputIds]: int64(inputIds[1].slice(P, n), [1, n - P]),
      [QWEN_IO.seqlensK]: int32([n - 1], [1]),
      [QWEN_IO.totalSequenceLength]: int32([n], []),
    };
    for (let l = 0; l < config.numHiddenLayers; l++) {
      feeds[QWEN_IO.pastKey(l)] = prefix[QWEN_IO.presentKey(l)];
      feeds[QWEN_IO.pastValue(l)] = prefix[QWEN_IO.presentValue(l)];
    }
    const out = await ext.run(feeds);
    expect(out[QWEN_IO.presentKey(0)].dims).toEqual([1, config.numKeyValueHeads, n, config.headDim]);
    const data = out[QWEN_IO.logits].data as Float32Array;
    const V = config.vocabSize;
    const expected: number[][] = golden.forward.logits_at_response_positions[1].data;
    let maxDiff = 0;
    golden.forward.response_positions[1].forEach((t: number, i: number) => {
      for (let v = 0; v < V; v++)
        maxDiff = Math.max(maxDiff, Math.abs(data[(t - P) * V + v] - expected[i][v]));
    });
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('decode reads a fixed-capacity cache and returns the new token KV, rows of different lengths in one batch', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const prefill = buildQwenGraph(config, tensors, { kind: 'prefill', weights: 'inputs', attention: 'gqa' });
    const decode = buildQwenGraph(config, tensors, { kind: 'decode', weights: 'inputs', attention: 'gqa' });
    const weights: Record<string, ort.Tensor> = {};
    for (const name of prefill.weightInputs)
      weights[name] = new ort.Tensor('float32', tensors.get(name)!.data, tensors.get(name)!.shape);
    const pre = await ort.InferenceSession.create(prefill.bytes, { intraOpNumThreads: 1 });
    const dec = await ort.InferenceSession.create(decode.bytes, { intraOpNumThreads: 1 });
    const { numKeyValueHeads: kvH, headDim: D, numHiddenLayers: L } = config;
    const C = 40; // capacity
    const starts = [12, 20]; // two rows: prefill 12 and 20 tokens of row 0 / row 1 of the golden batch
    const caches = Array.from({ length: L }, () => ({
      key: new Float32Array(2 * kvH * C * D),
      value: new Float32Array(2 * kvH * C * D),
    }));
    for (let r = 0; r < 2; r++) {
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
            .data as Float32Array;
          for (let h = 0; h < kvH; h++)
            caches[l][kv].set(src.subarray(h * n * D, (h + 1) * n * D), (r * kvH + h) * C * D);
        }
      }
    }
    const lse: number[][] = golden.forward.logsumexp.data;
    const lseOf = (row: Float32Array) => {
      const m = Math.max(...row);
      return m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
    };
    const lengths = [...starts];
    for (let step = 0; step < 4; step++) {
      const feeds: Record<string, ort.Tensor> = {
        ...weights,
        [QWEN_IO.inputIds]: int64([inputIds[0][lengths[0]], inputIds[1][lengths[1]]], [2, 1]),
        [QWEN_IO.positionIds]: int64(lengths, [2, 1]),
        [QWEN_IO.seqlensK]: int32(lengths, [2]),
        [QWEN_IO.totalSequenceLength]: int32([Math.max(...lengths) + 1], []),
      };
      for (let l = 0; l < L; l++) {
        feeds[QWEN_IO.pastKey(l)] = new ort.Tensor('float32', caches[l].key, [2, kvH, C, D]);
        feeds[QWEN_IO.pastValue(l)] = new ort.Tensor('float32', caches[l].value, [2, kvH, C, D]);
      }
      const out = await dec.run(feeds);
      // the caller writes the new token's key/value (2, 1, kvH*D) into slot lengths[r] of its cache
      for (let l = 0; l < L; l++) {
        expect(out[QWEN_IO.newKey(l)].dims).toEqual([2, 1, kvH * D]);
        for (const kv of ['key', 'value'] as const) {
          const fresh = out[kv === 'key' ? QWEN_IO.newKey(l) : QWEN_IO.newValue(l)].data as Float32Array;
          for (let r = 0; r < 2; r++) {
            for (let h = 0; h < kvH; h++)
              caches[l][kv].set(
                fresh.subarray((r * kvH + h) * D, (r * kvH + h + 1) * D),
                ((r * kvH + h) * C + lengths[r]) * D,
              );
          }
        }
      }
      const logits = out[QWEN_IO.logits].data as Float32Array;
      for (let r = 0; r < 2; r++) {
        const row = logits.subarray(r * config.vocabSize, (r + 1) * config.vocabSize);
        expect(Math.abs(lseOf(row) - lse[r][lengths[r]])).toBeLessThan(1e-4);
      }
      lengths[0]++;
      lengths[1]++;
    }
  });
});
