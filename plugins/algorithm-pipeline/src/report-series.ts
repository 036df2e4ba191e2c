import { categorize, type Category as TrainingCategory } from '@reasonrl/training';
import type { PipelineReportData, StageReportData, ValidationRow } from './report-data.js';

/** Where a stage sits on the pipeline's cumulative axes. */
export interface StageSpan {
  dir: string;
  label: string;
  algorithm: string;
  /** Training steps before the stage, and at its end (the highest step in its metrics.jsonl). */
  startStep: number;
  endStep: number;
  /** Wall seconds before the stage, and at its end (stage training + validation seconds, summed). */
  startSeconds: number;
  endSeconds: number;
}

/** The stages on the cumulative step and wall-clock axes, in pipeline order. */
export function stageSpans(stages: readonly StageReportData[]): StageSpan[] {
  let step = 0;
  let seconds = 0;
  return stages.map(({ record, metrics }) => {
    const steps = Math.max(0, ...metrics.map((m) => m.step));
    const span = {
      dir: record.dir,
      label: record.label,
      algorithm: record.algorithm,
      startStep: step,
      endStep: step + steps,
      startSeconds: seconds,
      endSeconds: seconds + record.trainSeconds + record.validationSeconds,
    };
    step = span.endStep;
    seconds = span.endSeconds;
    return span;
  });
}

/** One validation score: after a stage (the pipeline's own validation) or inside it (the stage's `val/*`). */
export interface ValidationPoint {
  stage: string;
  when: 'after stage' | 'during stage';
  metric: 'accuracy' | 'format rate';
  value: number;
  step: number;
  /** Undefined when the stage logged no phase times for the point (no honest wall-clock position). */
  seconds?: number;
}

const VAL_METRICS = [
  ['val/reward/answer', 'accuracy'],
  ['val/reward/format', 'format rate'],
] as const;

/**
 * Validation accuracy and format rate on the cumulative axes. A stage-end point sits at the stage's
 * end. An in-stage point sits at the stage start plus its step, and on the clock at the stage start
 * plus the step's phase times (`time/*`) summed up to it: the timed work, a little under wall time.
 */
export function validationPoints(data: PipelineReportData): ValidationPoint[] {
  const spans = stageSpans(data.stages);
  const points: ValidationPoint[] = [];
  data.stages.forEach((s, i) => {
    const span = spans[i];
    let timed = 0;
    let anyTime = false;
    for (const row of s.metrics) {
      for (const [k, v] of Object.entries(row.values)) {
        if (k.startsWith('time/')) {
          timed += v;
          anyTime = true;
        }
      }
      for (const [key, metric] of VAL_METRICS) {
        const value = row.values[key];
        if (value === undefined) continue;
        points.push({
          stage: span.dir,
          when: 'during stage',
          metric,
          value,
          step: span.startStep + row.step,
          seconds: anyTime ? span.startSeconds + timed : undefined,
        });
      }
    }
    const v = s.record.validation;
    for (const [metric, value] of [
      ['accuracy', v.accuracy],
      ['format rate', v.formatRate],
    ] as const) {
      points.push({
        stage: span.dir,
        when: 'after stage',
        metric,
        value,
        step: span.endStep,
        seconds: span.endSeconds,
      });
    }
  });
  return points;
}

/** One value of a per-step training metric. */
export interface TrainingPoint {
  stage: string;
  metric: string;
  value: number;
  /** Step inside the stage, and on the pipeline's cumulative step axis. */
  step: number;
  cumulativeStep: number;
}

/** The values of the given metrics of every stage that logged them; steps without a value are left out. */
export function trainingPoints(data: PipelineReportData, metrics: readonly string[]): TrainingPoint[] {
  const spans = stageSpans(data.stages);
  return data.stages.flatMap((s, i) =>
    s.metrics.flatMap((row) =>
      metrics
        .filter((m) => row.values[m] !== undefined)
        .map((metric) => ({
          stage: spans[i].dir,
          metric,
          value: row.values[metric],
          step: row.step,
          cumulativeStep: spans[i].startStep + row.step,
        })),
    ),
  );
}

/** The graded categories of CS336 A5's zero-shot analysis (format reward, answer reward). */
export const CATEGORIES = [
  'format 1, answer 1',
  'format 1, answer 0',
  'format 0, answer 0',
  'format 0, answer 1',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The label of training's category (one threshold for the stage table's counts and the report's plots). */
const LABEL_OF: Record<TrainingCategory, Category> = {
  format1Answer1: 'format 1, answer 1',
  format1Answer0: 'format 1, answer 0',
  format0Answer0: 'format 0, answer 0',
  format0Answer1: 'format 0, answer 1',
};

export const categoryOf = (r: Pick<ValidationRow, 'formatReward' | 'answerReward'>): Category =>
  LABEL_OF[categorize(r.formatReward, r.answerReward)];

export interface CategoryCount {
  stage: string;
  category: Category;
  count: number;
}

/**
 * How many validation responses of each stage fall in each category. The first three are always
 * listed (zeros included); `format 0, answer 1` (impossible with r1_zero) only when it occurs.
 * Stages without a validation.jsonl are left out.
 */
export function categoryCounts(data: PipelineReportData): CategoryCount[] {
  const rows = data.stages.filter((s) => s.validation);
  const seen = new Set(rows.flatMap((s) => (s.validation ?? []).map(categoryOf)));
  const shown = CATEGORIES.filter((c, i) => i < 3 || seen.has(c));
  return rows.flatMap((s) =>
    shown.map((category) => ({
      stage: s.record.dir,
      category,
      count: (s.validation ?? []).filter((r) => categoryOf(r) === category).length,
    })),
  );
}

/** A validation question (or prompt) with the response after the first and after the last stage that kept responses. */
export interface RolloutExample {
  id: string;
  prompt: string;
  first: { stage: string; row: ValidationRow };
  last: { stage: string; row: ValidationRow };
}

/** The first `count` validation prompts, matched by id between the first and last stage with a validation.jsonl. */
export function rolloutExamples(data: PipelineReportData, count: number): RolloutExample[] {
  const withRows = data.stages.filter((s) => s.validation?.length);
  if (!withRows.length) return [];
  const first = withRows[0];
  const last = withRows[withRows.length - 1];
  const byId = new Map((last.validation ?? []).map((r) => [r.id, r]));
  const out: RolloutExample[] = [];
  for (const row of first.validation ?? []) {
    const end = byId.get(row.id);
    if (!end) continue;
    out.push({
      id: row.id,
      // The bare question when recorded: an r1_zero prompt repeats the same long template in every row.
      prompt: row.question ?? row.prompt,
      first: { stage: first.record.dir, row },
      last: { stage: last.record.dir, row: end },
    });
    if (out.length === count) break;
  }
  return out;
}
