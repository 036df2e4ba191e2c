import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxSampler } from './onnx-sampler.js';
import { greedyParams as base, flat, HF_TINY, maxLogprobDiff } from './test-support/decode-compare.js';

describe.each(['qwen2-tiny', 'qwen3-tiny'])('static decode with rows bucketed by length (%s)', (model) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const goldenPrompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
  // the template's prompts plus a short and two long ones: own parts from a few tokens to ~110
  const template = goldenPrompts[0].slice(0, goldenPrompts[0].indexOf('User:') + 5);
  const prompts = [
    ...goldenPrompts,
    `${template} 2+2?`,
    `${template} ${'What is 12 times 7? '.repeat(4)}`,
    `${template} ${'How many apples are left? '.repeat(3)}`,
  ];
  let one: OnnxSampler;
  let bucketed: OnnxSampler;
  beforeAll(async () => {
    one = await OnnxSampler.load(dir, { intraOpNumThreads: 1, decodeBuckets: 1 });
    bucketed = await OnnxSampler.load(dir, { intraOpNumThreads: 1, decodeBuckets: 3 });
  });
  afterAll(async () => {
    await one.dispose();
    await bucketed.dispose();
  });

  it('greedy: the tokens of one capacity for all rows, log-probs within 1e-5, fewer cache slots read', async () => {
    const a = await bucketed.generate(prompts, base);
    const b = await one.generate(prompts, base);
    expect(bucketed.lastStats!.sharedPrefixDecode).toBe(true);
    expect(a.map((r) => r.outputs[0].tokenIds)).toEqual(b.map((r) => r.outputs[0].tokenIds));
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
    const expected: number[][] = golden.generate_greedy.new_tokens_one_by_one;
    a.slice(0, 3).forEach((r, i) => {
      expect(r.outputs[0].tokenIds).toEqual(expected[i].slice(0, base.maxTokens));
    });
    // same real tokens; the buckets read fewer padding slots
    expect(bucketed.lastStats!.decodeCacheTokens).toBe(one.lastStats!.decodeCacheTokens);
    expect(bucketed.lastStats!.decodeCacheSlots).toBeLessThan(0.8 * one.lastStats!.decodeCacheSlots);
    expect(bucketed.lastStats!.decodeCacheSlots).toBeGreaterThanOrEqual(
      bucketed.lastStats!.decodeCacheTokens,
    );
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
      await one.generate(prompts, params),
      await bucketed.generate(prompts, params),
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
