import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxSampler } from './onnx-sampler.js';
import { greedyParams as base, flat, HF_TINY, maxLogprobDiff } from './test-support/decode-compare.js';

// cacheGrowth 2 widens the rows' layout every other step (moving the rows in place each time); cacheGrowth 0 lays
// out the whole capacity at once. The tokens must not differ, and the growing layout must read fewer slots.
describe.each(['qwen2-tiny', 'qwen3-tiny'])('static decode with a growing cache layout (%s)', (model) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const goldenPrompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
  const template = goldenPrompts[0].slice(0, goldenPrompts[0].indexOf('User:') + 5);
  const prompts = [...goldenPrompts, `${template} 2+2?`, `${template} ${'What is 12 times 7? '.repeat(4)}`];
  let whole: OnnxSampler;
  let growing: OnnxSampler;
  beforeAll(async () => {
    whole = await OnnxSampler.load(dir, { intraOpNumThreads: 1, cacheGrowth: 0 });
    growing = await OnnxSampler.load(dir, { intraOpNumThreads: 1, cacheGrowth: 2 });
  });
  afterAll(async () => {
    await whole.dispose();
    await growing.dispose();
  });

  it('greedy, rows bucketed: the same tokens as the whole layout and the goldens, fewer slots read', async () => {
    const params = { ...base, maxTokens: 24 };
    const a = await growing.generate(prompts, params);
    const b = await whole.generate(prompts, params);
    expect(growing.lastStats!.sharedPrefixDecode).toBe(true);
    expect(a.map((r) => r.outputs[0].tokenIds)).toEqual(b.map((r) => r.outputs[0].tokenIds));
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
    const expected: number[][] = golden.generate_greedy.new_tokens_one_by_one;
    a.slice(0, 3).forEach((r, i) => {
      expect(r.outputs[0].tokenIds).toEqual(expected[i].slice(0, params.maxTokens));
    });
    const [g, w] = [growing.lastStats!, whole.lastStats!];
    expect(g.decodeCacheTokens).toBe(w.decodeCacheTokens);
    expect(g.decodeCacheSlots).toBeLessThan(w.decodeCacheSlots);
    expect(g.decodeCacheSlots).toBeGreaterThanOrEqual(g.decodeCacheTokens);
  });

  it('n samples per prompt sharing its KV, rows finishing at different steps: the same completions', async () => {
    const params = { ...base, n: 3, temperature: 1, seed: 11, stop: [' '], maxTokens: 20, minTokens: 2 };
    const a = await growing.generate(prompts, params);
    const b = await whole.generate(prompts, params);
    expect(growing.lastStats!.promptGroupDecode).toBe(true);
    expect(new Set(flat(b).map((o) => o.tokenIds.length)).size).toBeGreaterThan(2);
    expect(flat(a).map((o) => [o.tokenIds, o.text, o.finishReason])).toEqual(
      flat(b).map((o) => [o.tokenIds, o.text, o.finishReason]),
    );
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
    expect(growing.lastStats!.decodeCacheSlots).toBeLessThan(whole.lastStats!.decodeCacheSlots);
  });

  it('rows joining a running batch (a budget of 3 rows), with and without a shared prefix: the same completions', async () => {
    const params = { ...base, temperature: 1, seed: 3, stop: [' '], maxTokens: 20, minTokens: 2 };
    for (const sharedPrefixMin of [16, 0]) {
      const options = { intraOpNumThreads: 1, maxBatchSize: 3, sharedPrefixMin };
      const small = await OnnxSampler.load(dir, { ...options, cacheGrowth: 1 });
      const smallWhole = await OnnxSampler.load(dir, { ...options, cacheGrowth: 0 });
      const a = await small.generate(prompts, params);
      const b = await smallWhole.generate(prompts, params);
      expect(small.lastStats!.sharedPrefixDecode).toBe(sharedPrefixMin > 0);
      expect(flat(a).map((o) => [o.tokenIds, o.finishReason])).toEqual(
        flat(b).map((o) => [o.tokenIds, o.finishReason]),
      );
      expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
      // without the prefix the rows' own parts are whole prompts, within a growth step (capacity / 16) of the longest
      if (sharedPrefixMin > 0)
        expect(small.lastStats!.decodeCacheSlots).toBeLessThan(smallWhole.lastStats!.decodeCacheSlots);
      else
        expect(small.lastStats!.decodeCacheSlots).toBeLessThanOrEqual(smallWhole.lastStats!.decodeCacheSlots);
      await small.dispose();
      await smallWhole.dispose();
    }
  });
});
