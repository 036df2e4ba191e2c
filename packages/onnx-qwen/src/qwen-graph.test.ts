import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attentionBias } from './attention-bias.js';
import { buildQwenGraph, QWEN_IO } from './qwen-graph.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));
interface Golden<T> {
  shape: number[];
  data: T;
}

describe.each(['qwen2-tiny', 'qwen3-tiny'])('buildQwenGraph on %s', (model) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const tok = golden.tokenize_prompt_and_output;
  const fwd = golden.forward;
  const inputIds: number[][] = tok.input_ids.data;
  const mask: number[][] = tok.attention_mask.data;
  const [B, T] = tok.input_ids.shape as number[];

  it('prefill logits at every response position match transformers within 1e-4', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const graph = buildQwenGraph(config, tensors, {
      kind: 'prefill',
      weights: 'initializers',
      logits: 'all',
    });
    const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 1 });
    const positions = mask.map((row) => row.map((_, t) => t));
    const result = await session.run({
      [QWEN_IO.inputIds]: new ort.Tensor('int64', BigInt64Array.from(inputIds.flat().map(BigInt)), [B, T]),
      [QWEN_IO.positionIds]: new ort.Tensor('int64', BigInt64Array.from(positions.flat().map(BigInt)), [
        B,
        T,
      ]),
      [QWEN_IO.attentionBias]: new ort.Tensor('float32', attentionBias(mask, T), [B, 1, 1, T, T]),
    });
    const logits = result[QWEN_IO.logits];
    expect(logits.dims).toEqual([B, T, config.vocabSize]);
    const data = logits.data as Float32Array;
    const V = config.vocabSize;
    let maxDiff = 0;
    for (let b = 0; b < B; b++) {
      const expected = (fwd.logits_at_response_positions[b] as Golden<number[][]>).data;
      fwd.response_positions[b].forEach((t: number, i: number) => {
        for (let v = 0; v < V; v++)
          maxDiff = Math.max(maxDiff, Math.abs(data[(b * T + t) * V + v] - expected[i][v]));
      });
    }
    expect(maxDiff).toBeLessThan(1e-4);
    // the whole real part of each row: argmax equals transformers'
    const argmax: number[][] = fwd.logits_argmax.data;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        if (!mask[b][t]) continue;
        const row = data.subarray((b * T + t) * V, (b * T + t + 1) * V);
        let best = 0;
        for (let v = 1; v < V; v++) if (row[v] > row[best]) best = v;
        expect(best).toBe(argmax[b][t]);
      }
    }
  });

  it('weights as inputs give the same logits as weights as initializers, and decode continues the prefill cache', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const prefill = buildQwenGraph(config, tensors, { kind: 'prefill', weights: 'inputs' });
    const decode = buildQwenGraph(config, tensors, { kind: 'decode', weights: 'inputs' });
    expect(prefill.weightInputs).toContain('model.embed_tokens.weight');
    const weightFeeds: Record<string, ort.Tensor> = {};
    for (const name of prefill.weightInputs) {
      const t = tensors.get(name)!;
      weightFeeds[name] = new ort.Tensor('float32', t.data, t.shape);
    }
    const pre = await ort.InferenceSession.create(prefill.bytes, { intraOpNumThreads: 1 });
    const dec = await ort.InferenceSession.create(decode.bytes, { intraOpNumThreads: 1 });
    // Row 0's first 20 tokens by prefill, then tokens 20..23 one at a time by decode; compare with golden argmax/logsumexp.
    const ids = inputIds[0];
    const n = 20;
    const out = await pre.run({
      ...weightFeeds,
      [QWEN_IO.inputIds]: new ort.Tensor('int64', BigInt64Array.from(ids.slice(0, n).map(BigInt)), [1, n]),
      [QWEN_IO.positionIds]: new ort.Tensor(
        'int64',
        BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
        [1, n],
      ),
      [QWEN_IO.attentionBias]: new ort.Tensor('float32', attentionBias([Array(n).fill(1)], n), [
        1,
        1,
        1,
        n,
        n,
      ]),
    });
    const lse: number[][] = golden.forward.logsumexp.data;
    const lseOf = (row: Float32Array) => {
      const m = Math.max(...row);
      return m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
    };
    expect(Math.abs(lseOf(out[QWEN_IO.logits].data as Float32Array) - lse[0][n - 1])).toBeLessThan(1e-4);
    let past = out;
    for (let t = n; t < n + 4; t++) {
      const feeds: Record<string, ort.Tensor> = {
        ...weightFeeds,
        [QWEN_IO.inputIds]: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids[t])), [1, 1]),
        [QWEN_IO.positionIds]: new ort.Tensor('int64', BigInt64Array.of(BigInt(t)), [1, 1]),
        [QWEN_IO.attentionBias]: new ort.Tensor('float32', attentionBias([Array(t + 1).fill(1)], 1), [
          1,
          1,
          1,
          1,
          t + 1,
        ]),
      };
      for (let l = 0; l < config.numHiddenLayers; l++) {
        feeds[QWEN_IO.pastKey(l)] = past[QWEN_IO.presentKey(l)];
        feeds[QWEN_IO.pastValue(l)] = past[QWEN_IO.presentValue(l)];
      }
      past = await dec.run(feeds);
      expect(past[QWEN_IO.presentKey(0)].dims).toEqual([1, config.numKeyValueHeads, t + 1, config.headDim]);
      expect(Math.abs(lseOf(past[QWEN_IO.logits].data as Float32Array) - lse[0][t])).toBeLessThan(1e-4);
    }
  });

  it('rejects weights that do not match the config, naming the tensor', async () => {
    const { config, tensors } = await loadCheckpoint(dir);
    const broken = new Map(tensors);
    broken.delete('model.norm.weight');
    expect(() => buildQwenGraph(config, broken, { kind: 'decode', weights: 'inputs' })).toThrow(
      /model\.norm\.weight/,
    );
  });
});
