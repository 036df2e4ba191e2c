import { fileURLToPath } from 'node:url';
import type { Backend } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import plugin, { TfjsBackendConfig } from './plugin.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

describe('reasonrl:backend-tfjs plugin', () => {
  it('declares a documented config whose every field has a default', () => {
    const defaults = TfjsBackendConfig.parse({});
    expect(defaults).toMatchObject({
      platform: 'auto',
      matmul: 'auto',
      ortThreads: 0,
      maxGradNorm: 1,
      schedule: 'constant',
      saveDtype: 'F32',
    });
    for (const [key, field] of Object.entries(TfjsBackendConfig.shape))
      expect(field.description, key).toBeTruthy();
    expect(() => TfjsBackendConfig.parse({ platform: 'webgl' })).toThrow();
    expect(() => TfjsBackendConfig.parse({ matmul: 'blas' })).toThrow();
    expect(() => TfjsBackendConfig.parse({ ortThreads: 1.5 })).toThrow();
  });

  it('creates the tfjs Backend from its config section', async () => {
    const [contribution] = plugin.provides;
    expect(contribution).toMatchObject({ kind: 'Backend', name: 'tfjs' });
    const options = TfjsBackendConfig.parse({
      modelDir: `${HF_TINY}qwen3-tiny`,
      schedule: 'cosine',
      warmupSteps: 2,
      totalSteps: 10,
    });
    const backend = (await contribution.create({ options, kernel: undefined as never })) as Backend & {
      dispose(): void;
    };
    expect(backend.platform).toMatch(/^(wasm\/matmul-(ort|xnnpack)|cpu|tfjs-node|tfjs-node-gpu)/);
    const { logProbs, tokenEntropy } = await backend.logProbs(
      { inputIds: [[1, 2, 3]], labels: [[2, 3, 4]], responseMask: [[0, 1, 1]] },
      { returnTokenEntropy: true },
    );
    expect(logProbs[0]).toHaveLength(3);
    expect(logProbs[0].every((v) => v < 0)).toBe(true);
    expect(tokenEntropy![0].every((v) => v > 0 && v < Math.log(512) + 1e-4)).toBe(true);
    backend.dispose();
  });
});

describe('reasonrl:backend-tfjs without a model', () => {
  it('names the config field to set when tfjs.modelDir holds no checkpoint', async () => {
    const { createKernel } = await import('@reasonrl/core');
    const kernel = await createKernel({ tfjs: { modelDir: '/nonexistent/model' } }, { plugins: [plugin] });
    await expect(kernel.get('Backend', 'tfjs')).rejects.toThrow(
      "no Hugging Face checkpoint at tfjs.modelDir='/nonexistent/model' (config.json missing); set it with --set tfjs.modelDir=path/to/model",
    );
  });
});
