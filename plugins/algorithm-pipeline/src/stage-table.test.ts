import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStageRecord, type StageRecord, writeStageRecord } from './stage-record.js';
import { formatStageTable, renderReport } from './stage-table.js';

const record = (dir: string, accuracy: number, formatRate: number, t: number, v: number): StageRecord => ({
  index: 1,
  label: dir.slice(3),
  algorithm: dir.includes('eval') ? 'eval' : dir.slice(3),
  dir,
  validation: { accuracy, formatRate, meanResponseTokens: 10, examples: 8 },
  metrics: {},
  trainSeconds: t,
  validationSeconds: v,
  finishedAt: '2026-01-01T00:00:00.000Z',
});

describe('formatStageTable', () => {
  it('prints percentages, the stage wall time (training + validation) and the category counts', () => {
    const sft = record('02-sft', 0.125, 0.875, 100, 3);
    sft.validation.counts = { format1Answer1: 1, format1Answer0: 6, format0Answer0: 1, format0Answer1: 0 };
    const lines = formatStageTable([record('01-eval-zero-shot', 0, 0, 0, 2.25), sft]);
    expect(lines[0]).toBe(
      '| stage             | val accuracy | format rate | wall time | f1a1 / f1a0 / f0a0 |',
    );
    expect(lines[1]).toBe(
      '|-------------------|-------------:|------------:|----------:|-------------------:|',
    );
    expect(lines[2]).toBe(
      '| 01-eval-zero-shot |         0.0% |        0.0% |     2.3 s |                  - |',
    );
    expect(lines[3]).toBe(
      '| 02-sft            |        12.5% |       87.5% |   103.0 s |          1 / 6 / 1 |',
    );
  });

  it('reports the change of format rate and says why accuracy stays near 0 on a random model', () => {
    const md = renderReport({
      records: [record('01-eval-zero-shot', 0, 0.25, 0, 1), record('02-eval-final', 0, 0.75, 0, 1)],
      validationExamples: 8,
      promptTemplate: 'question_only',
      grader: 'r1_zero',
      baseModel: '/x/base-model',
      randomInit: true,
      totalSeconds: 2,
    });
    expect(md).toContain('Format rate went from 25.0% to 75.0%; accuracy from 0.0% to 0.0%.');
    expect(md).toContain('The base model is random');
  });
});

describe('stage records', () => {
  it('round-trip through stage.json; a missing file means unfinished; a bad one is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stage-'));
    expect(readStageRecord(dir)).toBeUndefined();
    const r = record('02-sft', 0.5, 1, 3, 1);
    writeStageRecord(dir, r);
    expect(readStageRecord(dir)).toEqual(r);
    writeFileSync(join(dir, 'stage.json'), '{"label": "sft"}');
    expect(() => readStageRecord(dir)).toThrow(/stage\.json: expected a stage record/);
  });
});
