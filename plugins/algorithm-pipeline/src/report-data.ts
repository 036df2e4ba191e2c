import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReasonrlError } from '@reasonrl/core';
import { JsonlError, readJsonl } from '@reasonrl/run-io';
import { readStageRecord, type StageRecord } from './stage-record.js';

/** One record of a stage's `metrics.jsonl`: its step and the metrics that are finite numbers. */
export interface MetricRow {
  step: number;
  values: Record<string, number>;
}

/** One row of a stage's `validation.jsonl`: a validation prompt, the response after the stage and its grade. */
export interface ValidationRow {
  id: string;
  prompt: string;
  /** The bare question, when the row records it (the prompt may wrap it in a long template such as r1_zero). */
  question?: string;
  response: string;
  formatReward: number;
  answerReward: number;
}

/** Everything the HTML report shows about one finished stage. */
export interface StageReportData {
  record: StageRecord;
  /** `<stage>/metrics.jsonl` in file order (empty for eval stages, which log none). */
  metrics: MetricRow[];
  /** `<stage>/validation.jsonl`, or undefined when the stage directory has none. */
  validation?: ValidationRow[];
}

/** The run as `pipeline.json` describes it, with each stage's files read. */
export interface PipelineReportData {
  runDir: string;
  validationExamples: number;
  promptTemplate: string;
  grader: string;
  baseModel: string;
  randomInitBaseModel: boolean;
  totalSeconds: number;
  stages: StageReportData[];
}

const invalid = (message: string) => new ReasonrlError('PIPELINE_REPORT_INVALID', message);

/**
 * Read what report.html shows from a finished pipeline run: `pipeline.json` names the stages in
 * order; each stage directory gives `stage.json`, `metrics.jsonl` and `validation.jsonl`.
 * Malformed files fail with the file, line and field; a missing optional file leaves its part out.
 */
export function readPipelineReportData(runDir: string): PipelineReportData {
  const file = join(runDir, 'pipeline.json');
  if (!existsSync(file))
    throw invalid(`${file}: no such file (report.html is made from a finished pipeline run)`);
  let summary: Record<string, unknown>;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const stages = summary.stages;
  if (!Array.isArray(stages) || stages.length === 0)
    throw invalid(`${file}: expected 'stages', a non-empty array of stage records`);
  const str = (k: string) => (typeof summary[k] === 'string' ? (summary[k] as string) : '');
  return {
    runDir,
    validationExamples: typeof summary.validationExamples === 'number' ? summary.validationExamples : 0,
    promptTemplate: str('promptTemplate'),
    grader: str('grader'),
    baseModel: str('baseModel'),
    randomInitBaseModel: summary.randomInitBaseModel === true,
    totalSeconds: typeof summary.totalSeconds === 'number' ? summary.totalSeconds : Number.NaN,
    stages: stages.map((s: { dir?: unknown }, i) => {
      if (typeof s?.dir !== 'string') throw invalid(`${file}: stages[${i}] has no 'dir'`);
      return readStageReportData(join(runDir, s.dir));
    }),
  };
}

/** The report data of one finished stage directory. */
export function readStageReportData(stageDir: string): StageReportData {
  const record = readStageRecord(stageDir);
  if (!record) throw invalid(`${stageDir}/stage.json: no such file (the stage did not finish)`);
  const metricsFile = join(stageDir, 'metrics.jsonl');
  const validationFile = join(stageDir, 'validation.jsonl');
  return {
    record,
    metrics: existsSync(metricsFile) ? readMetricRows(metricsFile) : [],
    validation: existsSync(validationFile) ? readValidationRows(validationFile) : undefined,
  };
}

/**
 * The records of a `metrics.jsonl`. Values that are not finite numbers (NaN is written as null) are
 * left out, so a plot never shows a made-up value. A step lower than the one before marks a resume
 * that logs the steps after its checkpoint again: the earlier records of those steps are dropped.
 */
export function readMetricRows(file: string): MetricRow[] {
  const rows: MetricRow[] = [];
  // A killed writer leaves at most an unterminated last line; the steps before it are still good.
  for (const { line, value } of readJsonl(file, { tolerateTruncatedTail: true })) {
    const { step, ...rest } = value;
    if (typeof step !== 'number' || !Number.isInteger(step))
      throw new JsonlError(file, line, `expected an integer, got ${JSON.stringify(step)}`, 'step');
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'number' && Number.isFinite(v)) values[k] = v;
    if (rows.length && step < rows[rows.length - 1].step) {
      while (rows.length && rows[rows.length - 1].step >= step) rows.pop();
    }
    rows.push({ step, values });
  }
  return rows;
}

/** The rows of a `validation.jsonl` (what `validate` graded after the stage). */
export function readValidationRows(file: string): ValidationRow[] {
  return readJsonl(file).map(({ line, value }) => {
    for (const k of ['prompt', 'response'] as const)
      if (typeof value[k] !== 'string')
        throw new JsonlError(file, line, `expected a string, got ${JSON.stringify(value[k])}`, k);
    for (const k of ['formatReward', 'answerReward'] as const)
      if (typeof value[k] !== 'number' || !Number.isFinite(value[k]))
        throw new JsonlError(file, line, `expected a number, got ${JSON.stringify(value[k])}`, k);
    return {
      id: typeof value.id === 'string' ? value.id : `line ${line}`,
      prompt: value.prompt as string,
      ...(typeof value.question === 'string' ? { question: value.question } : {}),
      response: value.response as string,
      formatReward: value.formatReward as number,
      answerReward: value.answerReward as number,
    };
  });
}
