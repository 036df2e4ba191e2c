import { describe, expect, it } from 'vitest';
import { OnnxSampler } from './onnx-sampler.js';
import {
  greedyParams as base,
  expectSameGreedy,
  flat,
  goldenCase,
  maxLogprobDiff,
  samplerPair,
} from './test-support/decode-compare.js';

// cacheGrowth 2 widens the rows' layout every few steps (moving the rows in place each time); cacheGrowth 0 lays
// out the whole capacity at once. The tokens must not differ, and the growing layout must read fewer slots.
describe.each(['qwen2-tiny', 'qwen3-tiny'])('static decode with a growing cache layout (%s)', (model) => {
  const { dir, golden, prompts } = goldenCase(model, ['2+2?', 'What is 12 times 7? '.repeat(4)]);
  const pair = samplerPair(
    dir,
    { intraOpNumThreads: 1, cacheGrowth: 2 },
    { intraOpNumThreads: 1, cacheGrowth: 0 },
  );

  it('greedy, rows bucketed: the same tokens as the whole layout and the goldens, fewer slots read', async () => {
    const params = { ...base, maxTokens: 24 };
    const a = await pair.a.generate(prompts, params);
    const b = await pair.b.generate(prompts, params);
    expect(pair.a.lastStats!.sharedPrefixDecode).toBe(true);
    expectSameGreedy(a, b, golden, params.maxTokens);
    const [g, w] = [pair.a.lastStats!, pair.b.lastStats!];
    expect(g.decodeCacheTokens).toBe(w.decodeCacheTokens);
    expect(g.decodeCacheSlots).toBeLessThan(w.decodeCacheSlots);
    expect(g.decodeCacheSlots).toBeGreaterThanOrEqual(g.decodeCacheTokens);
  });

  it('n samples per prompt sharing its KV, rows finishing at different steps: the same completions', async () => {
    const params = { ...base, n: 3, temperature: 1, seed: 11, stop: [' '], maxTokens: 20, minTokens: 2 };
    const a = await pair.a.generate(prompts, params);
    const b = await pair.b.generate(prompts, params);
    expect(pair.a.lastStats!.promptGroupDecode).toBe(true);
    expect(new Set(flat(b).map((o) => o.tokenIds.length)).size).toBeGreaterThan(2);
    expect(flat(a).map((o) => [o.tokenIds, o.text, o.finishReason])).toEqual(
      flat(b).map((o) => [o.tokenIds, o.text, o.finishReason]),
    );
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
    expect(pair.a.lastStats!.decodeCacheSlots).toBeLessThan(pair.b.lastStats!.decodeCacheSlots);
  });

  it('rows joining a running batch (a budget of 3 rows), with and without a shared prefix: the same completions', async () => {
    // minTokens 8: rows live long enough for the layout to widen under them, then stop at different steps
    const params = { ...base, temperature: 1, seed: 3, stop: [' '], maxTokens: 24, minTokens: 8 };
    for (const sharedPrefixMin of [16, 0]) {
      const options = { intraOpNumThreads: 1, maxBatchSize: 3, sharedPrefixMin };
      const small = await OnnxSampler.load(dir, { ...options, cacheGrowth: 1 });
      const smallWhole = await OnnxSampler.load(dir, { ...options, cacheGrowth: 0 });
      const a = await small.generate(prompts, params);
      const b = await smallWhole.generate(prompts, params);
      expect(small.lastStats!.sharedPrefixDecode).toBe(sharedPrefixMin > 0);
      expect(new Set(flat(b).map((o) => o.tokenIds.length)).size).toBeGreaterThan(1);
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
