// The shipped @reasonrl/tiny-math base model behaves as the pipeline's story needs (issue 9): it knows some
// arithmetic in its own plain style, but zero-shot it rarely follows the r1_zero trace format. And `--model
// tiny-math` finds it by name through the CLI.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxSampler } from '@reasonrl/sampler-onnx';
import { generateSyntheticProblems } from '@reasonrl/tasks';
import { tinyMathModelDir } from '@reasonrl/tiny-math';
import { describe, expect, it } from 'vitest';
import { runCommands } from '../eval/run-commands-in-process.js';

/** The preset's validation problems: 1-2 steps, numbers up to 20, from the validation split (never pretrained on). */
const problems = generateSyntheticProblems({
  split: 'validation',
  count: 64,
  seed: 0,
  minSteps: 1,
  maxSteps: 2,
  maxNumber: 20,
});

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
      const results = await sampler.generate(
        problems.map((p) => `${p.question}\n`),
        {
          n: 1,
          temperature: 0,
          topP: 1,
          maxTokens: 80,
          minTokens: 0,
          stop: [],
          includeStopStrInOutput: false,
          seed: 0,
          logprobs: false,
        },
      );
      const answers = results.map((r) => /The answer is (\d+)\./.exec(r.outputs[0].text)?.[1]);
      const formatted = answers.filter((a) => a !== undefined).length / problems.length;
      const correct = answers.filter((a, i) => a === problems[i].groundTruth).length / problems.length;
      // Measured when the model was made (pretrain.json): see the thresholds' comments.
      expect(formatted).toBeGreaterThanOrEqual(PLAIN_FORMAT_MIN);
      expect(correct).toBeGreaterThanOrEqual(PLAIN_ACCURACY_MIN);
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
