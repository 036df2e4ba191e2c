import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReasonrlError } from '@reasonrl/core';
import { writeJsonAtomic } from '@reasonrl/run-io';
import type { Category } from '@reasonrl/training';

/** Scores of the fixed validation set after a stage. */
export interface StageValidation {
  /** Mean answer reward: the fraction answered correctly. */
  accuracy: number;
  /** Mean format reward: the fraction that followed the prompt's format. */
  formatRate: number;
  /** Mean response length in tokens. */
  meanResponseTokens: number;
  examples: number;
  /** How many responses fall in each category of CS336 A5 §3 (absent in records written before it existed). */
  counts?: Record<Category, number>;
}

/** What a finished stage records in `<stage dir>/stage.json` (its finished marker). */
export interface StageRecord {
  index: number;
  label: string;
  algorithm: string;
  dir: string;
  validation: StageValidation;
  /** Final metrics the stage's Algorithm returned (empty for eval stages). */
  metrics: Record<string, number>;
  /** Seconds of the stage itself (training), and of its validation. */
  trainSeconds: number;
  validationSeconds: number;
  /** Model folder (relative to the run directory) holding the weights after this stage; absent = unchanged. */
  weights?: string;
  finishedAt: string;
}

export const STAGE_FILE = 'stage.json';

/** Write the finished marker of a stage (atomically: a killed write leaves the stage unfinished). */
export function writeStageRecord(stageDir: string, record: StageRecord): void {
  writeJsonAtomic(join(stageDir, STAGE_FILE), record);
}

/** The finished marker of a stage, or undefined when the stage has not finished. */
export function readStageRecord(stageDir: string): StageRecord | undefined {
  const file = join(stageDir, STAGE_FILE);
  if (!existsSync(file)) return undefined;
  let r: Partial<StageRecord>;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ReasonrlError('PIPELINE_STATE_INVALID', `${file}: not valid JSON (${(e as Error).message})`);
  }
  const v = r.validation;
  if (
    typeof r.label !== 'string' ||
    typeof r.algorithm !== 'string' ||
    !v ||
    typeof v.accuracy !== 'number' ||
    typeof v.formatRate !== 'number'
  ) {
    throw new ReasonrlError(
      'PIPELINE_STATE_INVALID',
      `${file}: expected a stage record with label, algorithm and validation.{accuracy, formatRate}; delete the file to rerun the stage`,
    );
  }
  return r as StageRecord;
}
