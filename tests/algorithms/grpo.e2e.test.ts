import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig } from './harness.js';

describe('grpo on the tiny model', () => {
  it('runs a few steps from a config file with finite, named metrics, TensorBoard events and checkpoints', async () => {
    const runDir = newRunDir();
    const { result } = await runConfig(configPath('grpo-tiny.yaml'), { runDir });
    const [baseline, ...rows] = readMetrics(runDir);
    expect(baseline.step).toBe(0); // evalAtStart: the validation baseline before any training
    expect(Number.isFinite(baseline['val/reward/answer'])).toBe(true);
    expect(rows.map((r) => r.step)).toEqual([1, 2]);
    for (const key of [
      'loss',
      'grad_norm',
      'learning_rate',
      'token_entropy',
      'clip_fraction',
      'reward/total',
      'reward/format',
      'reward/answer',
      'reward_std',
      'frac_zero_std_groups',
      'response_length/mean',
      'response_length/max',
      'response_length/truncated_fraction',
      'logprob_diff/mean_abs',
      'time/generate',
      'time/grade',
      'time/old_logprob',
      'time/train',
      'time/sync',
      'val/reward/answer',
    ]) {
      for (const row of rows) expect(Number.isFinite(row[key]), `${key} = ${row[key]}`).toBe(true);
    }
    expect(readdirSync(join(runDir, 'tensorboard')).some((f) => f.startsWith('events.out.tfevents.'))).toBe(
      true,
    );
    expect(existsSync(join(runDir, 'checkpoints', 'step-00000002', 'model', 'model.safetensors'))).toBe(true);
    expect(Number.isFinite(result.metrics.loss)).toBe(true);
  });
});
