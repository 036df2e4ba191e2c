import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommands } from './run-commands-in-process.js';

const SHARED = resolve(__dirname, '../../../shared');
const TINY = join(SHARED, 'conformance/hf-tiny/qwen2-tiny');
const GSM8K = join(SHARED, 'datasets/gsm8k/test.jsonl');
const CONFIG = join(__dirname, 'tiny-onnx.config.json');

const cli = runCommands;

describe('reasonrl eval / best-of-n on the tiny checkpoint (real ONNX sampler, CPU)', () => {
  it('eval writes a run directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'eval');
    const { info } = await cli([
      'eval',
      '--config',
      CONFIG,
      '--model',
      TINY,
      '--dataset',
      GSM8K,
      '--limit',
      '3',
      '--max-tokens',
      '24',
      '--out',
      dir,
    ]);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.onnxSampler.model).toBe(TINY);
    expect(config.task).toMatchObject({ dataset: GSM8K, limit: 3, prompt: 'r1_zero' });
    expect(config.eval).toMatchObject({ maxTokens: 24, temperature: 1, topP: 1 });
    const results = readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(results.map((r) => r.reference)).toEqual(['18', '3', '70000']);
    for (const r of results) {
      expect(r.tokenCount).toBeGreaterThan(0);
      expect(r.tokenCount).toBeLessThanOrEqual(24);
      expect(r.logProbs.mean).toBeLessThan(0);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.problems).toBe(3);
    expect(Object.values(summary.counts).reduce((a: number, b) => a + (b as number), 0)).toBe(3);
    expect(info.join('\n')).toContain('| accuracy');
  });

  it('best-of-n writes bestofn.json with Best@1 = pass@1', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'bon');
    await cli([
      'best-of-n',
      '--config',
      CONFIG,
      '--model',
      TINY,
      '--dataset',
      GSM8K,
      '--limit',
      '2',
      '--max-tokens',
      '16',
      '--n',
      '1,2,4',
      '--out',
      dir,
    ]);
    const out = JSON.parse(readFileSync(join(dir, 'bestofn.json'), 'utf8'));
    expect(out).toMatchObject({ problems: 2, samplesPerPrompt: 4, n: [1, 2, 4] });
    expect(out.curves[0].bestAtN).toBe(out.curves[0].passAtN);
    for (const f of ['bestofn-samples.jsonl', 'bestofn.svg', 'bestofn.png', 'report.html', 'run.json'])
      expect(existsSync(join(dir, f))).toBe(true);
  });
});
