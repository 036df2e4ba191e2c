import { describe, expect, it } from 'vitest';
import type { MetricRow, PipelineReportData, StageReportData, ValidationRow } from './report-data.js';
import {
  categoryCounts,
  rolloutExamples,
  stageSpans,
  trainingPoints,
  validationPoints,
} from './report-series.js';

const v = (id: string, formatReward: number, answerReward: number, response = `r-${id}`): ValidationRow => ({
  id,
  prompt: `q-${id}`,
  response,
  formatReward,
  answerReward,
});

function stage(
  dir: string,
  algorithm: string,
  seconds: [number, number],
  accuracy: number,
  formatRate: number,
  metrics: MetricRow[],
  validation?: ValidationRow[],
): StageReportData {
  return {
    record: {
      index: Number(dir.slice(0, 2)),
      label: dir.slice(3),
      algorithm,
      dir,
      validation: { accuracy, formatRate, meanResponseTokens: 5, examples: 3 },
      metrics: {},
      trainSeconds: seconds[0],
      validationSeconds: seconds[1],
      finishedAt: '2026-01-01T00:00:00.000Z',
    },
    metrics,
    validation,
  };
}

// eval (0 steps, 2 s), sft (3 steps, 10 + 1 s, validation inside at step 2), grpo (2 steps, 5 + 1 s), eval (1 s).
const data: PipelineReportData = {
  runDir: '/run',
  validationExamples: 3,
  promptTemplate: 'question_only',
  grader: 'r1_zero',
  baseModel: '/run/base-model',
  randomInitBaseModel: true,
  totalSeconds: 20,
  stages: [
    stage('01-eval-zero-shot', 'eval', [0, 2], 0, 0, [], [v('a', 0, 0), v('b', 0, 0), v('c', 0, 0)]),
    stage('02-sft', 'sft', [10, 1], 0, 2 / 3, [
      { step: 1, values: { loss: 3, token_entropy: 6, 'time/train': 2 } },
      {
        step: 2,
        values: {
          loss: 2,
          token_entropy: 5,
          'time/train': 2,
          'time/eval': 0.5,
          'val/reward/format': 0.5,
          'val/reward/answer': 0,
        },
      },
      { step: 3, values: { loss: 1, token_entropy: 4, 'time/train': 2 } },
    ]),
    stage('03-grpo', 'grpo', [5, 1], 1 / 3, 1, [
      { step: 1, values: { 'reward/total': 0.25, 'reward/format': 0.5, token_entropy: 3.5 } },
      { step: 2, values: { 'reward/total': 0.75, 'reward/format': 1, token_entropy: 3 } },
    ]),
    stage('04-eval-final', 'eval', [0, 1], 1 / 3, 1, [], [v('c', 1, 1), v('b', 1, 0), v('a', 1, 0, '<b>')]),
  ],
};

describe('stageSpans', () => {
  it('puts each stage on the cumulative step and second axes', () => {
    expect(
      stageSpans(data.stages).map((s) => [s.startStep, s.endStep, s.startSeconds, s.endSeconds]),
    ).toEqual([
      [0, 0, 0, 2],
      [0, 3, 2, 13],
      [3, 5, 13, 19],
      [5, 5, 19, 20],
    ]);
  });
});

describe('validationPoints', () => {
  it('has a point per stage end, and the in-stage validation at stage start + step and + timed seconds', () => {
    const points = validationPoints(data);
    const format = points.filter((p) => p.metric === 'format rate');
    expect(format.map((p) => [p.stage, p.when, p.step, p.seconds, p.value])).toEqual([
      ['01-eval-zero-shot', 'after stage', 0, 2, 0],
      // Step 2 of sft: 2 s before the stage + time/* of steps 1 and 2 (2 + 2 + 0.5).
      ['02-sft', 'during stage', 2, 6.5, 0.5],
      ['02-sft', 'after stage', 3, 13, 2 / 3],
      ['03-grpo', 'after stage', 5, 19, 1],
      ['04-eval-final', 'after stage', 5, 20, 1],
    ]);
    expect(points.filter((p) => p.metric === 'accuracy').map((p) => p.value)).toEqual([
      0,
      0,
      0,
      1 / 3,
      1 / 3,
    ]);
  });

  it('gives an in-stage point no wall-clock position when its stage timed nothing', () => {
    const untimed = {
      ...data,
      stages: [stage('01-sft', 'sft', [1, 1], 0, 0, [{ step: 4, values: { 'val/reward/format': 1 } }])],
    };
    expect(validationPoints(untimed)[0]).toMatchObject({ when: 'during stage', step: 4, seconds: undefined });
  });
});

describe('trainingPoints', () => {
  it('lists the logged values only, with in-stage and cumulative steps', () => {
    expect(trainingPoints(data, ['reward/total', 'reward/answer'])).toEqual([
      { stage: '03-grpo', metric: 'reward/total', value: 0.25, step: 1, cumulativeStep: 4 },
      { stage: '03-grpo', metric: 'reward/total', value: 0.75, step: 2, cumulativeStep: 5 },
    ]);
    expect(trainingPoints(data, ['token_entropy']).map((p) => [p.stage, p.cumulativeStep])).toEqual([
      ['02-sft', 1],
      ['02-sft', 2],
      ['02-sft', 3],
      ['03-grpo', 4],
      ['03-grpo', 5],
    ]);
  });
});

describe('categoryCounts', () => {
  it('counts the three categories of each stage with a validation.jsonl, zeros included', () => {
    expect(categoryCounts(data).map((c) => [c.stage, c.category, c.count])).toEqual([
      ['01-eval-zero-shot', 'format 1, answer 1', 0],
      ['01-eval-zero-shot', 'format 1, answer 0', 0],
      ['01-eval-zero-shot', 'format 0, answer 0', 3],
      ['04-eval-final', 'format 1, answer 1', 1],
      ['04-eval-final', 'format 1, answer 0', 2],
      ['04-eval-final', 'format 0, answer 0', 0],
    ]);
  });

  it('adds "format 0, answer 1" only when a grader produced it', () => {
    const odd = { ...data, stages: [stage('01-eval', 'eval', [0, 1], 1, 0, [], [v('a', 0, 1)])] };
    expect(categoryCounts(odd).map((c) => c.category)).toContain('format 0, answer 1');
  });

  it('uses the stage table threshold (rewards >= 0.5 count as 1), so partial rewards land in the same cells', () => {
    const partial = {
      ...data,
      stages: [stage('01-eval', 'eval', [0, 1], 1, 0, [], [v('a', 1, 0.4), v('b', 0.6, 1)])],
    };
    expect(categoryCounts(partial).map((c) => [c.category, c.count])).toEqual([
      ['format 1, answer 1', 1],
      ['format 1, answer 0', 1],
      ['format 0, answer 0', 0],
    ]);
  });
});

describe('rolloutExamples', () => {
  it('pairs the first stage response with the last stage response of the same prompt', () => {
    const ex = rolloutExamples(data, 2);
    expect(
      ex.map((e) => [e.id, e.first.stage, e.first.row.response, e.last.stage, e.last.row.response]),
    ).toEqual([
      ['a', '01-eval-zero-shot', 'r-a', '04-eval-final', '<b>'],
      ['b', '01-eval-zero-shot', 'r-b', '04-eval-final', 'r-b'],
    ]);
  });
});
