import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { describe, expect, it } from 'vitest';
import { float32WeightBytes } from './kv-budget.js';
import { DECODE_INITIALIZER_BYTES, decodeWeightsFor } from './qwen-sessions.js';
import {
  greedyParams as base,
  expectSameGreedy,
  flat,
  goldenCase,
  maxLogprobDiff,
  samplerPair,
} from './test-support/decode-compare.js';

// decode-initializers: the decode graphs bake the weights in (pre-packed products); the prefill graphs keep them as
// inputs. The completions must equal those of weights as inputs, before and after a sync, and a sync must defer the
// decode graph's rebuild to the next generate (and only there).
describe.each(['qwen2-tiny', 'qwen3-tiny'])('decode graphs with baked-in weights (%s)', (model) => {
  const { dir, golden, prompts } = goldenCase(model, ['2+2?', 'What is 12 times 7? '.repeat(4)]);
  const pair = samplerPair(
    dir,
    { intraOpNumThreads: 1, weights: 'decode-initializers' },
    { intraOpNumThreads: 1, weights: 'inputs' },
  );

  it('the completions of weights as inputs, greedy and n > 1; after syncWeights too, the rebuild on first use', async () => {
    const sampling = { ...base, n: 3, temperature: 1, seed: 4, maxTokens: 12 };
    expectSameGreedy(await pair.a.generate(prompts, base), await pair.b.generate(prompts, base), golden, 16);
    expect(pair.a.lastStats!.decodeBuildMs).toBeGreaterThan(0); // the shared-prefix graph, built on first use
    expect(pair.b.lastStats!.decodeBuildMs).toBe(0); // weights as inputs: opened at load
    const a = await pair.a.generate(prompts, sampling);
    const b = await pair.b.generate(prompts, sampling);
    expect(flat(a).map((o) => o.tokenIds)).toEqual(flat(b).map((o) => o.tokenIds));
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);

    // new weights: every tensor scaled by 0.9 (the norms too), synced into both
    const { tensors } = await loadCheckpoint(dir);
    const scaled = new Map(
      [...tensors].map(([name, t]) => [name, { shape: t.shape, data: t.data.map((x) => 0.9 * x) }]),
    );
    const { ms } = await pair.a.syncWeights(scaled);
    await pair.b.syncWeights(scaled);
    expect(ms).toBeGreaterThanOrEqual(0);
    const a2 = await pair.a.generate(prompts, sampling);
    expect(pair.a.lastStats!.decodeBuildMs).toBeGreaterThan(0); // the groups graph, rebuilt with the new weights
    const b2 = await pair.b.generate(prompts, sampling);
    expect(flat(a2).map((o) => o.tokenIds)).toEqual(flat(b2).map((o) => o.tokenIds));
    expect(flat(a2).map((o) => o.tokenIds)).not.toEqual(flat(a).map((o) => o.tokenIds));
    expect(maxLogprobDiff(a2, b2)).toBeLessThan(1e-5);
    await pair.a.generate(prompts, sampling);
    expect(pair.a.lastStats!.decodeBuildMs).toBe(0); // open now
    const g2 = await pair.a.generate(prompts, base); // the shared-prefix graph: rebuilt on its first use
    expect(pair.a.lastStats!.decodeBuildMs).toBeGreaterThan(0);
    expect(g2.map((r) => r.outputs[0].tokenIds)).toEqual(
      (await pair.b.generate(prompts, base)).map((r) => r.outputs[0].tokenIds),
    );
  });
});

describe('decodeWeightsFor / float32WeightBytes', () => {
  it('bakes the decode weights in up to DECODE_INITIALIZER_BYTES, keeps inputs above, and follows inputs/initializers', () => {
    const limit = DECODE_INITIALIZER_BYTES;
    expect(decodeWeightsFor('decode-initializers', limit)).toBe('initializers');
    expect(decodeWeightsFor('decode-initializers', limit + 4)).toBe('inputs');
    expect(decodeWeightsFor('inputs', 40)).toBe('inputs');
    expect(decodeWeightsFor('initializers', limit + 4)).toBe('initializers');
  });

  it("counts the model's float32 weight bytes from its config: those of the checkpoint's tensors", async () => {
    for (const model of ['qwen2-tiny', 'qwen3-tiny']) {
      const { config, tensors } = await loadCheckpoint(goldenCase(model, []).dir);
      let bytes = 0;
      for (const t of tensors.values()) bytes += 4 * t.data.length;
      expect(float32WeightBytes(config)).toBe(bytes);
    }
  });
});
