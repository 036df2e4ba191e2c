import { fileURLToPath } from 'node:url';
import { createKernel, isPlugin } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ONNX_SAMPLER_CONFIG, OnnxSamplerConfig } from './config.js';
import { OnnxSampler } from './onnx-sampler.js';
import plugin from './plugin.js';

const DIR = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/qwen2-tiny', import.meta.url));

describe('reasonrl:sampler-onnx plugin', () => {
  it('declares the onnx Sampler and a documented config with defaults', () => {
    expect(isPlugin(plugin)).toBe(true);
    expect(plugin.provides.map((p) => [p.kind, p.name])).toEqual([['Sampler', 'onnx']]);
    expect(DEFAULT_ONNX_SAMPLER_CONFIG).toMatchObject({
      executionProvider: 'cpu',
      attention: 'static',
      weights: 'decode-initializers',
      intraOpNumThreads: 0,
    });
    for (const [key, field] of Object.entries(OnnxSamplerConfig.shape))
      expect(field.description, key).toBeTruthy();
    expect(OnnxSamplerConfig.safeParse({ executionProvider: 'tpu' }).success).toBe(false);
    expect(OnnxSamplerConfig.parse({}).workers).toBe('auto');
    expect(OnnxSamplerConfig.parse({ workers: 3 }).workers).toBe(3);
    for (const bad of [0, 1.5, 65])
      expect(OnnxSamplerConfig.safeParse({ workers: bad }).success, String(bad)).toBe(false);
    const word = OnnxSamplerConfig.safeParse({ workers: 'two' });
    expect(word.error!.issues[0].message).toMatch(
      /expected 'auto' or a whole number of workers from 1 to 64/,
    );
  });

  it('the kernel builds the sampler from the onnxSampler section, and asks for the model path when missing', async () => {
    const kernel = await createKernel(
      { onnxSampler: { model: DIR, intraOpNumThreads: 1 } },
      { plugins: [plugin] },
    );
    const sampler = await kernel.get('Sampler', 'onnx');
    expect(sampler).toBeInstanceOf(OnnxSampler);
    const [r] = await sampler.generate(['User: 1+1?'], {
      n: 2,
      temperature: 0,
      topP: 1,
      maxTokens: 3,
      minTokens: 0,
      stop: [],
      includeStopStrInOutput: true,
      logprobs: true,
    });
    expect(r.outputs).toHaveLength(2);
    await kernel.dispose();
    const empty = await createKernel({}, { plugins: [plugin] });
    await expect(empty.get('Sampler', 'onnx')).rejects.toThrow(/onnxSampler\.model/);
    await empty.dispose();
  });

  it('cuda fails with a clear error naming the install switch when the provider is missing', async () => {
    await expect(OnnxSampler.load(DIR, { executionProvider: 'cuda' })).rejects.toThrow(
      /ONNXRUNTIME_NODE_INSTALL=cuda12/,
    );
  });
});
