import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMetricRows, readPipelineReportData, readValidationRows } from './report-data.js';
import { type StageRecord, writeStageRecord } from './stage-record.js';

const dir = () => mkdtempSync(join(tmpdir(), 'report-data-'));
const file = (lines: string[]) => {
  const f = join(dir(), 'x.jsonl');
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
};

describe('readMetricRows', () => {
  it('keeps finite numbers only: NaN (written as null) and text are left out, never replaced', () => {
    const rows = readMetricRows(
      file(['{"step":1,"loss":2.5,"grad_norm":null,"note":"x"}', '{"step":2,"loss":1}']),
    );
    expect(rows).toEqual([
      { step: 1, values: { loss: 2.5 } },
      { step: 2, values: { loss: 1 } },
    ]);
  });

  it('drops the records a resume logs again (a step lower than the one before), keeping the new ones', () => {
    const steps = [
      '{"step":1,"loss":9}',
      '{"step":2,"loss":8}',
      '{"step":3,"loss":7}',
      '{"step":2,"loss":6}',
    ];
    const rows = readMetricRows(file([...steps, '{"step":3,"loss":5}']));
    expect(rows.map((r) => [r.step, r.values.loss])).toEqual([
      [1, 9],
      [2, 6],
      [3, 5],
    ]);
  });

  it('keeps records of the same step (an EI step that trained on nothing logs no new optimizer step)', () => {
    const rows = readMetricRows(file(['{"step":0,"reward/total":0}', '{"step":0,"reward/total":0.5}']));
    expect(rows.map((r) => r.values['reward/total'])).toEqual([0, 0.5]);
  });

  it('names the file and line of a malformed record', () => {
    const f = file(['{"step":1}', '{"step":2,', '{"step":3}']);
    expect(() => readMetricRows(f)).toThrow(`${f}:2: not valid JSON`);
    const g = file(['{"step":"one","loss":1}']);
    expect(() => readMetricRows(g)).toThrow(`${g}:1: field 'step': expected an integer, got "one"`);
  });
});

describe('readValidationRows', () => {
  it('reads prompt, response and grades, and names a missing field with its line', () => {
    const row = { id: 'v-0', prompt: 'p', response: 'r', reward: 1, formatReward: 1, answerReward: 0 };
    expect(readValidationRows(file([JSON.stringify(row)]))).toEqual([
      { id: 'v-0', prompt: 'p', response: 'r', formatReward: 1, answerReward: 0 },
    ]);
    const f = file([JSON.stringify(row), JSON.stringify({ ...row, answerReward: undefined })]);
    expect(() => readValidationRows(f)).toThrow(
      `${f}:2: field 'answerReward': expected a number, got undefined`,
    );
  });
});

describe('readPipelineReportData', () => {
  const record = (index: number, dir: string, algorithm: string): StageRecord => ({
    index,
    label: dir.slice(3),
    algorithm,
    dir,
    validation: { accuracy: 0.5, formatRate: 0.75, meanResponseTokens: 12, examples: 2 },
    metrics: {},
    trainSeconds: 3,
    validationSeconds: 1,
    finishedAt: '2026-01-01T00:00:00.000Z',
  });

  it('reads the stages pipeline.json names, in its order, with their files; absent files are absent', () => {
    const run = dir();
    const stages = [record(1, '01-eval-zero-shot', 'eval'), record(2, '02-sft', 'sft')];
    for (const s of stages) {
      mkdirSync(join(run, s.dir));
      writeStageRecord(join(run, s.dir), s);
    }
    writeFileSync(join(run, '02-sft', 'metrics.jsonl'), '{"step":1,"loss":3}\n');
    writeFileSync(
      join(run, '01-eval-zero-shot', 'validation.jsonl'),
      '{"id":"a","prompt":"q","response":"r","formatReward":0,"answerReward":0}\n',
    );
    writeFileSync(
      join(run, 'pipeline.json'),
      JSON.stringify({
        stages,
        validationExamples: 2,
        promptTemplate: 'question_only',
        grader: 'r1_zero',
        totalSeconds: 8,
      }),
    );
    const data = readPipelineReportData(run);
    expect(data.stages.map((s) => s.record.dir)).toEqual(['01-eval-zero-shot', '02-sft']);
    expect(data.stages[0].metrics).toEqual([]);
    expect(data.stages[0].validation).toHaveLength(1);
    expect(data.stages[1].metrics).toEqual([{ step: 1, values: { loss: 3 } }]);
    expect(data.stages[1].validation).toBeUndefined();
    expect(data).toMatchObject({ validationExamples: 2, grader: 'r1_zero', totalSeconds: 8 });
  });

  it('fails clearly without pipeline.json, or when a named stage did not finish', () => {
    const run = dir();
    expect(() => readPipelineReportData(run)).toThrow(`${join(run, 'pipeline.json')}: no such file`);
    writeFileSync(join(run, 'pipeline.json'), JSON.stringify({ stages: [{ dir: '01-eval-zero-shot' }] }));
    expect(() => readPipelineReportData(run)).toThrow(
      `${join(run, '01-eval-zero-shot')}/stage.json: no such file (the stage did not finish)`,
    );
    writeFileSync(join(run, 'pipeline.json'), JSON.stringify({ stages: [] }));
    expect(() => readPipelineReportData(run)).toThrow("expected 'stages', a non-empty array");
  });
});
