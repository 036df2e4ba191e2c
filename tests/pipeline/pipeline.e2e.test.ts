import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tinyMathModelDir } from '@reasonrl/tiny-math';
import { describe, expect, it } from 'vitest';
import { newRunDir, recordingProgress, runPipeline, SHORT_PRESET } from './harness.js';

const STAGES = ['01-eval-zero-shot', '02-sft', '03-ei', '04-grpo', '05-eval-final'];

describe('pipeline (tiny preset, shortened)', () => {
  it('runs every stage on one model, validates after each and writes the table, pipeline.json and report.md', async () => {
    const runDir = newRunDir();
    const progress = recordingProgress();
    const result = await runPipeline({ runDir, config: SHORT_PRESET, progress });

    const summary = JSON.parse(readFileSync(join(runDir, 'pipeline.json'), 'utf8'));
    expect(summary.stages.map((s: { dir: string }) => s.dir)).toEqual(STAGES);
    // The preset starts from the shipped pretrained model, loaded in place (nothing copied into the run).
    expect(summary.randomInitBaseModel).toBe(false);
    expect(summary.baseModel).toBe(tinyMathModelDir());
    for (const s of summary.stages) {
      expect(s.validation.examples).toBe(6);
      for (const v of [s.validation.accuracy, s.validation.formatRate]) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      for (const [k, v] of Object.entries(s.metrics)) expect(Number.isFinite(v), `${s.dir} ${k}`).toBe(true);
      expect(existsSync(join(runDir, s.dir, 'stage.json'))).toBe(true);
      expect(
        readFileSync(join(runDir, s.dir, 'validation.jsonl'), 'utf8')
          .trim()
          .split('\n'),
      ).toHaveLength(6);
    }
    // Training stages logged finite losses to their own metrics.jsonl and saved their weights.
    for (const dir of ['02-sft', '03-ei', '04-grpo']) {
      const records = readFileSync(join(runDir, dir, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(records.length).toBeGreaterThan(0);
      for (const line of records) {
        for (const [k, v] of Object.entries(JSON.parse(line))) {
          expect(v === null ? Number.NaN : v, `${dir} ${k}`).toSatisfy(Number.isFinite);
        }
      }
      expect(existsSync(join(runDir, dir, 'model', 'model.safetensors'))).toBe(true);
    }
    expect(existsSync(join(runDir, 'base-model'))).toBe(false);

    // The stage table: a header, a rule and one row per stage, with the numbers of pipeline.json.
    const start = progress.lines.findIndex((l) => l.startsWith('| stage'));
    const table = progress.lines.slice(start, start + 2 + STAGES.length);
    expect(table[0]).toMatch(/\| stage .*\| val accuracy \| format rate \| wall time \|/);
    STAGES.forEach((dir, i) => {
      const s = summary.stages[i];
      expect(table[2 + i]).toContain(dir);
      expect(table[2 + i]).toContain(`${(100 * s.validation.formatRate).toFixed(1)}%`);
    });
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(report).toContain(table[2 + STAGES.length - 1]);
    expect(result.metrics['val/format_rate']).toBe(summary.stages[4].validation.formatRate);
    expect(result.metrics.stages).toBe(5);
  }, 120_000);

  it('stops at a failing stage with an error naming it, and leaves that stage unfinished', async () => {
    const runDir = newRunDir();
    await expect(
      runPipeline({
        runDir,
        config: SHORT_PRESET,
        // The untrained control: a random-init model made in the run directory with the tiny-math tokenizer.
        set: ['pipeline.stages=[eval,ei]', 'ei.grader=nope', 'pipeline.baseModel=random'],
      }),
    ).rejects.toThrow(/^pipeline stage 02-ei \(Algorithm 'ei'\) failed: .*'nope'/);
    expect(existsSync(join(runDir, 'base-model', 'model.safetensors'))).toBe(true);
    expect(existsSync(join(runDir, '01-eval-zero-shot', 'stage.json'))).toBe(true);
    expect(existsSync(join(runDir, '02-ei', 'stage.json'))).toBe(false);
    expect(existsSync(join(runDir, 'pipeline.json'))).toBe(false);
  }, 60_000);

  it('names a stage whose Algorithm is not installed before doing any work', async () => {
    const runDir = newRunDir();
    await expect(
      runPipeline({ runDir, config: SHORT_PRESET, set: ['pipeline.stages=[eval,dpo]'] }),
    ).rejects.toThrow("pipeline.stages: no Algorithm 'dpo' is installed");
    expect(existsSync(join(runDir, 'base-model'))).toBe(false);
  });
});
