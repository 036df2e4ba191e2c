import { fileURLToPath } from 'node:url';
import { DEFAULT_SAMPLING_PARAMS } from '@reasonrl/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TfjsSampler } from './tfjs-sampler.js';

const HF_TINY = fileURLToPath(new URL('../../../../../shared/conformance/hf-tiny/', import.meta.url));

describe('TfjsSampler', () => {
  let sampler: TfjsSampler;
  beforeAll(async () => {
    sampler = await TfjsSampler.load(`${HF_TINY}qwen2-tiny`);
  });
  afterAll(() => sampler.dispose());

  it('is reproducible for a seed, n completions per prompt, and leaks no tensors', async () => {
    const params = { ...DEFAULT_SAMPLING_PARAMS, n: 2, maxTokens: 6, stop: [], seed: 42 };
    const before = tf.memory().numTensors;
    const a = await sampler.generate(['The answer is', 'Two plus'], params);
    expect(tf.memory().numTensors).toBe(before);
    const b = await sampler.generate(['The answer is', 'Two plus'], params);
    expect(b).toEqual(a);
    expect(a.map((r) => r.outputs.length)).toEqual([2, 2]);
    for (const o of a.flatMap((r) => r.outputs)) {
      expect(o.tokenIds).toHaveLength(6);
      expect(o.logprobs!.every((l) => l <= 0)).toBe(true);
      expect(o.finishReason).toBe('length');
    }
    const other = await sampler.generate(['The answer is', 'Two plus'], { ...params, seed: 43 });
    expect(other).not.toEqual(a);
  });

  it('names bad sampling parameters and takes new weights', async () => {
    await expect(sampler.generate(['x'], { ...DEFAULT_SAMPLING_PARAMS, topP: 0 })).rejects.toThrow(
      /topP must be in \(0, 1\]/,
    );
    await expect(
      sampler.generate(['x'], { ...DEFAULT_SAMPLING_PARAMS, maxTokens: 2, minTokens: 3 }),
    ).rejects.toThrow(/minTokens/);
    const norm = sampler.model.exportTensors().get('model.norm.weight')!;
    const { ms } = await sampler.syncWeights(
      new Map([['model.norm.weight', { shape: norm.shape, data: norm.data.map((v) => v * 2) }]]),
    );
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(sampler.model.param('model.norm.weight').dataSync()[0]).toBeCloseTo(norm.data[0] * 2, 6);
  });
});
