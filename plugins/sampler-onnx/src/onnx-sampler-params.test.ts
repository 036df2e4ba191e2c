import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SamplingParams } from '@reasonrl/core';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { attentionBias, buildQwenGraph, QWEN_IO } from '@reasonrl/onnx-qwen';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonPrefixLength } from './generate-loop.js';
import { OnnxSampler } from './onnx-sampler.js';

const DIR = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/qwen2-tiny', import.meta.url));
const golden = JSON.parse(readFileSync(`${DIR}/golden.json`, 'utf8'));
const prompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
const base: SamplingParams = {
  n: 1,
  temperature: 1,
  topP: 1,
  maxTokens: 12,
  minTokens: 0,
  stop: [],
  includeStopStrInOutput: true,
  logprobs: true,
};

describe('OnnxSampler sampling params (qwen2-tiny)', () => {
  let sampler: OnnxSampler;
  beforeAll(async () => {
    sampler = await OnnxSampler.load(DIR, { intraOpNumThreads: 1 });
  });
  afterAll(() => sampler.dispose());

  it('a seed reproduces the samples whatever the batch size; another seed changes them', async () => {
    const params = { ...base, n: 3, seed: 123 };
    const a = await sampler.generate(prompts, params);
    const one = await OnnxSampler.load(DIR, { intraOpNumThreads: 1, maxBatchSize: 1 });
    const b = await one.generate(prompts, params);
    await one.dispose();
    expect(b.map((r) => r.outputs.map((o) => [o.tokenIds, o.text, o.finishReason]))).toEqual(
      a.map((r) => r.outputs.map((o) => [o.tokenIds, o.text, o.finishReason])),
    );
    // log-probs agree up to float rounding of different batch shapes
    const lpA = a.flatMap((r) => r.outputs.flatMap((o) => o.logprobs!));
    const lpB = b.flatMap((r) => r.outputs.flatMap((o) => o.logprobs!));
    expect(Math.max(...lpA.map((x, i) => Math.abs(x - lpB[i])))).toBeLessThan(1e-5);
    const c = await sampler.generate(prompts, { ...params, seed: 124 });
    expect(c.map((r) => r.outputs.map((o) => o.tokenIds))).not.toEqual(
      a.map((r) => r.outputs.map((o) => o.tokenIds)),
    );
    // n samples of one prompt differ from each other
    expect(new Set(a[0].outputs.map((o) => o.tokenIds.join(','))).size).toBe(3);
  });

  it('n samples share one prefill per prompt and finished rows cost no decode steps', async () => {
    const results = await sampler.generate(prompts, { ...base, n: 4, seed: 5, stop: [' '] });
    const stats = sampler.lastStats!;
    // the r1_zero template prefix is prefilled once, then each prompt's rest once (not once per sample)
    const P = commonPrefixLength(results.map((r) => r.promptTokenIds));
    expect(P).toBeGreaterThan(100);
    expect(stats.sharedPrefixTokens).toBe(P);
    expect(stats.prefillTokens).toBe(P + results.reduce((s, r) => s + r.promptTokenIds.length - P, 0));
    const outputs = results.flatMap((r) => r.outputs);
    expect(outputs).toHaveLength(12);
    expect(stats.decodeRowSteps).toBe(outputs.reduce((s, o) => s + o.tokenIds.length - 1, 0));
    expect(new Set(outputs.map((o) => o.tokenIds.length)).size).toBeGreaterThan(1); // they did finish at different steps
  });

  it('log-probs of sampled tokens equal a full no-cache forward pass over prompt + completion within 1e-4', async () => {
    const results = await sampler.generate(prompts, { ...base, n: 2, seed: 77, maxTokens: 10 });
    const { config, tensors } = await loadCheckpoint(DIR);
    const graph = buildQwenGraph(config, tensors, {
      kind: 'prefill',
      weights: 'initializers',
      logits: 'all',
    });
    const session = await ort.InferenceSession.create(graph.bytes, { intraOpNumThreads: 1 });
    let maxDiff = 0;
    for (const r of results) {
      for (const o of r.outputs) {
        const ids = [...r.promptTokenIds, ...o.tokenIds];
        const L = ids.length;
        const out = await session.run({
          [QWEN_IO.inputIds]: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, L]),
          [QWEN_IO.positionIds]: new ort.Tensor(
            'int64',
            BigInt64Array.from({ length: L }, (_, i) => BigInt(i)),
            [1, L],
          ),
          [QWEN_IO.attentionBias]: new ort.Tensor('float32', attentionBias([Array(L).fill(1)], L), [
            1,
            1,
            1,
            L,
            L,
          ]),
        });
        const logits = out[QWEN_IO.logits].data as Float32Array;
        const V = config.vocabSize;
        o.tokenIds.forEach((tok, i) => {
          const row = logits.subarray(
            (r.promptTokenIds.length - 1 + i) * V,
            (r.promptTokenIds.length + i) * V,
          );
          const m = Math.max(...row);
          const lse = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
          maxDiff = Math.max(maxDiff, Math.abs(row[tok] - lse - o.logprobs![i]));
        });
      }
    }
    await session.release();
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('greedy first-token log-prob equals transformers (max logit - logsumexp at the last prompt position)', async () => {
    const [r] = await sampler.generate([prompts[0]], { ...base, temperature: 0, maxTokens: 1 });
    const t = r.promptTokenIds.length - 1;
    const expected = golden.forward.logits_max.data[0][t] - golden.forward.logsumexp.data[0][t];
    expect(Math.abs(r.outputs[0].logprobs![0] - expected)).toBeLessThan(1e-4);
    expect(r.outputs[0].finishReason).toBe('length');
  });

  it('stop strings spanning tokens end greedy completions, kept or dropped', async () => {
    const full: string = golden.generate_greedy.new_text_one_by_one[0];
    const stop = ' bu p';
    const cut = full.indexOf(stop);
    const [kept] = await sampler.generate([prompts[0]], {
      ...base,
      temperature: 0,
      maxTokens: 24,
      stop: [stop],
    });
    expect(kept.outputs[0]).toMatchObject({ text: full.slice(0, cut + stop.length), finishReason: 'stop' });
    expect(kept.outputs[0].tokenIds.length).toBeLessThan(24);
    const [dropped] = await sampler.generate([prompts[0]], {
      ...base,
      temperature: 0,
      maxTokens: 24,
      stop: [stop],
      includeStopStrInOutput: false,
    });
    expect(dropped.outputs[0].text).toBe(full.slice(0, cut));
  });

  it('minTokens: no stop string ends a completion before it', async () => {
    const free = (await sampler.generate(prompts, { ...base, n: 6, seed: 9, stop: [' '] })).flatMap(
      (r) => r.outputs,
    );
    expect(Math.min(...free.map((o) => o.tokenIds.length))).toBeLessThan(4);
    const held = (
      await sampler.generate(prompts, { ...base, n: 6, seed: 9, stop: [' '], minTokens: 4 })
    ).flatMap((r) => r.outputs);
    expect(Math.min(...held.map((o) => o.tokenIds.length))).toBeGreaterThanOrEqual(4);
  });

  it('a completion that reaches the context limit (512 positions) ends with length', async () => {
    let text = '';
    while (sampler.tokenizer.encode(`${text} 12`).length < 500) text += ' 12';
    const L = sampler.tokenizer.encode(text).length;
    const [r] = await sampler.generate([text], { ...base, temperature: 0, maxTokens: 50, minTokens: 50 });
    expect(r.outputs[0].finishReason).toBe('length');
    expect(r.outputs[0].tokenIds).toHaveLength(512 - L);
  });

  it('rejects empty prompts, prompts longer than the context, and bad params, with clear errors', async () => {
    await expect(sampler.generate(['ok', ''], base)).rejects.toThrow(/prompt 1 is empty/);
    const long = ' 12'.repeat(600);
    await expect(sampler.generate([long], base)).rejects.toThrow(/context limit is 512 tokens/);
    await expect(sampler.generate(['x'], { ...base, topP: 0 })).rejects.toThrow(/topP must be in \(0, 1\]/);
  });
});

describe('OnnxSampler.syncWeights (qwen2-tiny)', () => {
  it('uses new weights for the next rollouts: a zero final norm (all logits 0, EOS wins the tie) ends with eos, after minTokens', async () => {
    const { tensors } = await loadCheckpoint(DIR);
    for (const weights of ['inputs', 'initializers', 'decode-initializers'] as const) {
      const sampler = await OnnxSampler.load(DIR, { intraOpNumThreads: 1, weights });
      const before = await sampler.generate([prompts[0]], { ...base, temperature: 0 });
      expect(before[0].outputs[0].finishReason).toBe('length');
      // All logits 0: greedy takes the lowest id, 0 = EOS; with minTokens 3 EOS is banned, so 1, 1, 1, then EOS.
      const norm = tensors.get('model.norm.weight')!;
      const changed = new Map(tensors);
      changed.set('model.norm.weight', { shape: norm.shape, data: new Float32Array(norm.data.length) });
      const { ms } = await sampler.syncWeights(changed);
      expect(ms).toBeGreaterThanOrEqual(0);
      const eos = await sampler.generate([prompts[0]], { ...base, temperature: 0 });
      expect(eos[0].outputs[0]).toMatchObject({ tokenIds: [0], text: '', finishReason: 'eos' });
      const late = await sampler.generate([prompts[0]], { ...base, temperature: 0, minTokens: 3 });
      expect(late[0].outputs[0]).toMatchObject({ tokenIds: [1, 1, 1, 0], finishReason: 'eos' });
      expect(late[0].outputs[0].logprobs![0]).toBeCloseTo(-Math.log(512), 5);
      await expect(sampler.syncWeights(new Map())).rejects.toThrow(
        /missing tensor 'model.embed_tokens.weight'/,
      );
      await sampler.dispose();
    }
  });
});
