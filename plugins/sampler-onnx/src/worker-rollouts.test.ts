import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationResult, SamplingParams } from '@reasonrl/core';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { describe, expect, it } from 'vitest';
import { OnnxSampler } from './onnx-sampler.js';
import { flat, goldenCase, maxLogprobDiff, samplerPair } from './test-support/decode-compare.js';
import { withoutCondition } from './worker-rollouts.js';

const { dir, prompts } = goldenCase('qwen2-tiny', ['What is 12 times 7?', 'Name a prime above 50.']);
const params: SamplingParams = {
  n: 3,
  temperature: 1,
  topP: 0.95,
  maxTokens: 14,
  minTokens: 2,
  stop: ['</answer>'],
  includeStopStrInOutput: true,
  logprobs: true,
  seed: 31,
};
const samples = (results: GenerationResult[]) =>
  results.map((r) => r.outputs.map((o) => [o.tokenIds, o.text, o.finishReason]));

describe('OnnxSampler with rollout workers (qwen2-tiny)', () => {
  // a: two worker threads, one ORT thread each; b: this thread
  const pair = samplerPair(dir, { workers: 2, intraOpNumThreads: 1 }, { workers: 1, intraOpNumThreads: 1 });

  it('draws the same samples as one thread, the rows split between the workers', async () => {
    expect(pair.a.workers).toBe(2);
    expect(pair.b.workers).toBe(1);
    expect(pair.a.platform).toBe('onnxruntime-node/cpu/static x2 workers');
    const progress: [number, number][] = [];
    const a = await pair.a.generate(prompts, params, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    const statsA = pair.a.lastStats!;
    const b = await pair.b.generate(prompts, params);
    const statsB = pair.b.lastStats!;
    expect(samples(a)).toEqual(samples(b));
    expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
    expect(a.map((r) => r.promptTokenIds)).toEqual(b.map((r) => r.promptTokenIds));
    // both workers ran (each its own prefix), the same row-steps and tokens in all
    expect(statsA.workers).toBe(2);
    expect(statsB.workers).toBe(1);
    expect(statsA.decodeRowSteps).toBe(statsB.decodeRowSteps);
    expect(statsA.newTokens).toBe(statsB.newTokens);
    expect(statsA.decodeSteps).toBeLessThanOrEqual(statsB.decodeSteps);
    const rows = prompts.length * params.n;
    expect(progress).toEqual(Array.from({ length: rows }, (_, i) => [i + 1, rows]));
  });

  it("splits one prompt's samples between the workers, with the same samples as one thread", async () => {
    const one = { ...params, n: 5, seed: 4 };
    const a = await pair.a.generate([prompts[1]], one);
    expect(pair.a.lastStats!.workers).toBe(2);
    const b = await pair.b.generate([prompts[1]], one);
    expect(samples(a)).toEqual(samples(b));
    expect(new Set(flat(a).map((o) => o.tokenIds.join(','))).size).toBeGreaterThan(1);
  });

  it('syncWeights reaches every worker', async () => {
    const greedy = { ...params, temperature: 0, n: 1, stop: [] };
    const before = await pair.a.generate(prompts, greedy);
    const { tensors } = await loadCheckpoint(dir);
    // a different model: every weight of the head scaled and shifted by position
    const head = tensors.get('model.embed_tokens.weight')!;
    const changed = new Map(tensors);
    changed.set('model.embed_tokens.weight', {
      shape: head.shape,
      data: head.data.map((v, i) => v * 1.5 + 0.02 * Math.sin(i)),
    });
    const { ms } = await pair.a.syncWeights(changed);
    expect(ms).toBeGreaterThan(0);
    await pair.b.syncWeights(changed);
    const a = await pair.a.generate(prompts, greedy);
    const b = await pair.b.generate(prompts, greedy);
    expect(samples(a)).toEqual(samples(b));
    expect(samples(a)).not.toEqual(samples(before));
    // the caller's arrays are not moved to the workers
    expect(changed.get('model.embed_tokens.weight')!.data.length).toBe(head.data.length);
  });

  it('reports errors raised in a worker with their code, and the workers keep their weights', async () => {
    const greedy = { ...params, temperature: 0, n: 1, stop: [] };
    const { tensors } = await loadCheckpoint(dir);
    await pair.a.syncWeights(tensors);
    const before = await pair.a.generate(prompts, greedy);
    // a misshaped tensor of the same size: caught before it is copied over the weights in use
    const misshaped = new Map(tensors);
    const up = tensors.get('model.layers.1.mlp.up_proj.weight')!;
    misshaped.set('model.layers.1.mlp.up_proj.weight', {
      shape: [...up.shape].reverse(),
      data: up.data.map(() => 9),
    });
    const err = await pair.a.syncWeights(misshaped).catch((e) => e);
    expect(err.code).toBe('CHECKPOINT_INVALID');
    expect(err.message).toMatch(/tensor 'model.layers.1.mlp.up_proj.weight' has shape \[64, 128\]/);
    expect(err.stack).toMatch(/in a rollout worker/);
    expect(samples(await pair.a.generate(prompts, greedy))).toEqual(samples(before));
    const missing = new Map(tensors);
    missing.delete('model.layers.1.mlp.up_proj.weight');
    await expect(pair.a.syncWeights(missing)).rejects.toThrow(
      /missing tensor 'model.layers.1.mlp.up_proj.weight'/,
    );
    expect(samples(await pair.a.generate(prompts, greedy))).toEqual(samples(before));
  });
});

describe('rollout workers: start and stop', () => {
  it('a worker that cannot load the checkpoint fails the load with its error', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'reasonrl-broken-'));
    try {
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
        copyFileSync(join(dir, f), join(broken, f));
      writeFileSync(join(broken, 'model.safetensors'), 'not a safetensors file');
      const err = await OnnxSampler.load(broken, { workers: 2, intraOpNumThreads: 1 }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err.code).toBe('CHECKPOINT_INVALID');
      expect(err.message).toMatch(/worker \d could not start/);
      expect(err.message).toMatch(/model\.safetensors/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  // `pnpm test` builds first; a bare `vitest run` without dist/ has nothing to check here
  const built = new URL('../dist/index.js', import.meta.url);
  it.skipIf(!existsSync(built))(
    'the built package starts its workers from dist/ (no TypeScript loader)',
    async () => {
      const dist = (await import(built.href)) as typeof import('./index.js');
      const sampler = await dist.OnnxSampler.load(dir, { workers: 2, intraOpNumThreads: 1 });
      const source = await OnnxSampler.load(dir, { workers: 1, intraOpNumThreads: 1 });
      try {
        const a = await sampler.generate(prompts, params);
        expect(sampler.lastStats!.workers).toBe(2);
        expect(samples(a)).toEqual(samples(await source.generate(prompts, params)));
      } finally {
        await sampler.dispose();
        await source.dispose();
      }
    },
  );

  it('splits maxBatchSize and the KV budget among the workers', async () => {
    const sampler = await OnnxSampler.load(dir, { workers: 2, intraOpNumThreads: 1, maxBatchSize: 2 });
    try {
      // 4 prompts of 6 tokens each (5 decode steps after the prefill's token): 2 per worker, one row at a time
      await sampler.generate(prompts.slice(0, 4), { ...params, n: 1, stop: [], maxTokens: 6, minTokens: 6 });
      const stats = sampler.lastStats!;
      expect(stats.decodeRowSteps).toBe(4 * 5);
      expect(stats.decodeSteps).toBe(2 * 5);
    } finally {
      await sampler.dispose();
    }
  });

  it('a worker that stops fails the next calls with SAMPLER_WORKER_FAILED', async () => {
    const sampler = await OnnxSampler.load(dir, { workers: 2, intraOpNumThreads: 1 });
    try {
      // end one worker thread while it is idle, as a crash would (terminating one inside an ORT run aborts the
      // process: onnxruntime-node's native code throws where nothing catches it)
      const pool = (
        sampler as unknown as { rollouts: { pool: { worker: { terminate(): Promise<number> } }[] } }
      ).rollouts.pool;
      await pool[1].worker.terminate();
      const err = await sampler.generate(prompts, params).catch((e) => e);
      expect(err.code).toBe('SAMPLER_WORKER_FAILED');
      expect(err.message).toMatch(/rollout worker 1 stopped \(exited with code 1\)/);
      await expect(sampler.syncWeights((await loadCheckpoint(dir)).tensors)).rejects.toThrow(
        /worker 1 stopped/,
      );
    } finally {
      await sampler.dispose();
    }
  });

  it.each([2, 1])('dispose during a generate call waits for it (workers %i)', async (workers) => {
    const sampler = await OnnxSampler.load(dir, { workers, intraOpNumThreads: 1 });
    const call = sampler.generate(prompts, { ...params, maxTokens: 48, minTokens: 48 });
    await sampler.dispose();
    const results = await call;
    expect(flat(results).every((o) => o.tokenIds.length === 48)).toBe(true);
    if (workers > 1) await expect(sampler.generate(prompts, params)).rejects.toThrow(/after dispose/);
  });

  it('refuses calls after dispose with a clear error', async () => {
    const sampler = await OnnxSampler.load(dir, { workers: 2, intraOpNumThreads: 1 });
    await sampler.dispose();
    await expect(sampler.generate(prompts, params)).rejects.toThrow(/after dispose/);
  });
});

describe('withoutCondition', () => {
  it('drops the named export condition in each of its spellings, keeping every other option', () => {
    expect(
      withoutCondition(
        [
          '--conditions',
          '@reasonrl/source',
          '--conditions',
          'node',
          '--conditions=@reasonrl/source',
          '-C',
          '@reasonrl/source',
          '--import',
          'tsx',
        ],
        '@reasonrl/source',
      ),
    ).toEqual(['--conditions', 'node', '--import', 'tsx']);
    expect(withoutCondition(['--conditions'], '@reasonrl/source')).toEqual(['--conditions']);
  });
});
