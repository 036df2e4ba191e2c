import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

const finite = (row: Record<string, number | null>, keys: string[]) => {
  for (const k of keys) expect(Number.isFinite(row[k]), `${k} = ${row[k]}`).toBe(true);
};

describe('sft and ei on the tiny model', () => {
  it('sft: filters, limits, trains a few steps with validation and checkpoints', async () => {
    const runDir = newRunDir();
    const { result } = await runConfig(configPath('sft-tiny.yaml'), { runDir });
    const rows = readMetrics(runDir);
    expect(rows.map((r) => r.step)).toEqual([1, 2, 3]);
    for (const row of rows)
      finite(row, ['loss', 'grad_norm', 'learning_rate', 'token_entropy', 'time/train']);
    expect(rows[0]['sft/examples']).toBe(8); // every synthetic trace is correct, so filtering keeps them and the limit applies
    finite(rows[2], ['val/reward/answer', 'val/reward/format']);
    expect(rows[2].loss).toBeLessThan(rows[0].loss as number); // 3 steps of lr 1e-3 on 8 examples: NLL goes down
    expect(existsSync(join(runDir, 'checkpoints', 'step-00000003', 'state.json'))).toBe(true);
    expect(result.metrics['sft/examples']).toBe(8);
  });

  it('ei: samples, keeps correct rollouts, trains on them and validates each step', async () => {
    const runDir = newRunDir();
    await runConfig(configPath('ei-tiny.yaml'), { runDir, extraPlugins: [testGradersPlugin()] });
    const rows = readMetrics(runDir);
    const stepRows = rows.filter((r) => r.ei_step !== undefined && r['ei/kept'] !== undefined);
    expect(stepRows.map((r) => r.ei_step)).toEqual([1, 2]);
    for (const row of stepRows) {
      finite(row, [
        'ei/kept',
        'ei/kept_questions',
        'reward/total',
        'reward/format',
        'response_length/mean',
        'val/reward/answer',
        'time/generate',
        'time/grade',
        'time/sync',
      ]);
      expect(row['ei/kept']).toBeGreaterThan(0);
    }
    for (const row of rows.filter((r) => r.loss !== undefined))
      finite(row, ['loss', 'grad_norm', 'token_entropy']);
  });
});
