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

describe.each(['qwen2-tiny', 'qwen3-tiny'])('static decode with rows bucketed by length (%s)', (model) => {
  // the template's prompts plus a short and two long ones: own parts from a few tokens to ~110
  const { dir, golden, prompts } = goldenCase(model, [
    '2+2?',
    'What is 12 times 7? '.repeat(4),
    'How many apples are left? '.repeat(3),
  ]);
  const pair = samplerPair(
    dir,
    { intraOpNumThreads: 1, decodeBuckets: 1 },
    { intraOpNumThreads: 1, decodeBuckets: 3 },
  );

  it('greedy: the tokens of one capacity for all rows, log-probs within 1e-5, fewer cache slots read', async () => {
    const a = await pair.b.generate(prompts, base);
    const b = await pair.a.generate(prompts, base);
    expect(pair.b.lastStats!.sharedPrefixDecode).toBe(true);
    expectSameGreedy(a, b, golden, base.maxTokens);
    // same real tokens; the buckets read fewer padding slots
    expect(pair.b.lastStats!.decodeCacheTokens).toBe(pair.a.lastStats!.decodeCacheTokens);
    expect(pair.b.lastStats!.decodeCacheSlots).toBeLessThan(0.8 * pair.a.lastStats!.decodeCacheSlots);
    expect(pair.b.lastStats!.decodeCacheSlots).toBeGreaterThanOrEqual(pair.b.lastStats!.decodeCacheTokens);
  });

  it('sampling with rows finishing at different steps and joining a running batch (one capacity then); no shared prefix too', async () => {
    const params = { ...base, temperature: 1, seed: 5, stop: [' '], maxTokens: 20, minTokens: 2 };
    const small = await OnnxSampler.load(dir, { intraOpNumThreads: 1, decodeBuckets: 3, maxBatchSize: 3 });
    // also with 2 intra-op threads that sleep instead of spinning (a session option: same numbers)
    const noPrefix = await OnnxSampler.load(dir, {
      intraOpNumThreads: 2,
      intraOpSpinning: false,
      decodeBuckets: 3,
      sharedPrefixMin: 0,
    });
    const results = [
      await pair.a.generate(prompts, params),
      await pair.b.generate(prompts, params),
      await small.generate(prompts, params),
      await noPrefix.generate(prompts, params),
    ];
    expect(noPrefix.lastStats!.sharedPrefixDecode).toBe(false);
    expect(noPrefix.lastStats!.decodeCacheSlots).toBeGreaterThanOrEqual(
      noPrefix.lastStats!.decodeCacheTokens,
    );
    // more rows than maxBatchSize: the call keeps one capacity (buckets would each reserve up to maxBatchSize rows,
    // over the KV budget), so it reads exactly the slots of decodeBuckets 1
    const smallOne = await OnnxSampler.load(dir, { intraOpNumThreads: 1, decodeBuckets: 1, maxBatchSize: 3 });
    expect(flat(await smallOne.generate(prompts, params)).map((o) => o.tokenIds)).toEqual(
      flat(results[2]).map((o) => o.tokenIds),
    );
    expect(small.lastStats!.decodeCacheSlots).toBe(smallOne.lastStats!.decodeCacheSlots);
    await smallOne.dispose();
    await small.dispose();
    await noPrefix.dispose();
    const outputs = flat(results[0]);
    expect(new Set(outputs.map((o) => o.tokenIds.length)).size).toBeGreaterThan(2); // finished at different steps
    for (const other of results.slice(1)) {
      expect(flat(other).map((o) => [o.tokenIds, o.text, o.finishReason])).toEqual(
        outputs.map((o) => [o.tokenIds, o.text, o.finishReason]),
      );
      expect(maxLogprobDiff(results[0], other)).toBeLessThan(1e-5);
    }
  });
});
