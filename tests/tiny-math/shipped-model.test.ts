// The shipped @reasonrl/tiny-math base model behaves as the pipeline's story needs (issue 9): it knows some
// arithmetic in its own plain style, but zero-shot it rarely follows the r1_zero trace format. And `--model
// tiny-math` finds it by name through the CLI.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxSampler } from '@reasonrl/sampler-onnx';
import { tinyMathModelDir } from '@reasonrl/tiny-math';
import { describe, expect, it } from 'vitest';
import { plainAccuracy, plainValidationProblems } from '../../tools/tiny-math/src/evaluate-plain.js';
import { runCommands } from '../eval/run-commands-in-process.js';

// Thresholds with margins below/above what the shipped model measured here (greedy, so deterministic on one
// platform; the margins cover float differences between machines): plain style 64/64 formatted and 38/64 (59.4%)
// correct; r1_zero format 0/32 zero-shot.
const PLAIN_FORMAT_MIN = 0.9;
const PLAIN_ACCURACY_MIN = 0.45;
const R1_ZERO_FORMAT_MAX = 0.1;

describe('the shipped tiny-math base model', () => {
  it('answers unseen problems in its plain style ("The answer is N.") far above chance', async () => {
    const sampler = await OnnxSampler.load(tinyMathModelDir(), { intraOpNumThreads: 1 });
    try {
      // The preset's validation problems (1-2 steps, numbers up to 20; never pretrained on).
      const { accuracy, formatRate } = await plainAccuracy(sampler, plainValidationProblems(64));
      // Measured when the model was made (pretrain.json): see the thresholds' comments.
      expect(formatRate).toBeGreaterThanOrEqual(PLAIN_FORMAT_MIN);
      expect(accuracy).toBeGreaterThanOrEqual(PLAIN_ACCURACY_MIN);
    } finally {
      await sampler.dispose?.();
    }
  }, 120_000);

  it('is found by name (--model tiny-math) and rarely follows the r1_zero format zero-shot', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tiny-math-eval-')), 'eval');
    await runCommands([
      'eval',
      '--config',
      join(__dirname, '..', 'eval', 'tiny-onnx.config.json'),
      '--model',
      'tiny-math',
      '--task',
      'synthetic',
      '--set',
      'synthetic.split=validation',
      '--set',
      'synthetic.count=32',
      '--set',
      'synthetic.maxSteps=2',
      '--set',
      'synthetic.maxNumber=20',
      '--max-tokens',
      '64',
      '--temperature',
      '0',
      '--out',
      dir,
    ]);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config.onnxSampler.model).toBe(tinyMathModelDir());
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.problems).toBe(32);
    expect(summary.formatRate).toBeLessThanOrEqual(R1_ZERO_FORMAT_MAX);
  }, 120_000);
});
