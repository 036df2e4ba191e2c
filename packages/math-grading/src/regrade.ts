import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Grader, type GroundTruth, ReasonrlError, type RewardResult } from '@reasonrl/core';

/** A reward function or a Grader service: anything that scores (response, ground truth). */
export type Scorer =
  | ((response: string, groundTruth: GroundTruth) => RewardResult | Promise<RewardResult>)
  | Pick<Grader, 'grade'>;

/** The CS336 A5 categories of a graded response. */
export interface RegradeCounts {
  total: number;
  /** format 1, answer 1 */
  correct: number;
  /** format 1, answer 0 */
  formattedWrong: number;
  /** format 0, answer 0 */
  unformatted: number;
  /** comparisons that hit the CAS time budget (counted as wrong) */
  timedOut: number;
  /** mean of `reward` */
  meanReward: number;
}

export interface RegradeLine {
  line: number;
  result: RewardResult;
  /** The verdict the file had before, when it recorded one (`reward` or `rewards.reward`). */
  previousReward?: number;
}

export interface RegradeOptions {
  /** Field names tried, in order, for the response (default: response, output, completion, generation). */
  responseFields?: string[];
  /** Field names tried, in order, for the ground truth (default: groundTruth, ground_truth, answer, gt). */
  groundTruthFields?: string[];
}

const RESPONSE_FIELDS = ['response', 'output', 'completion', 'generation'];
const TRUTH_FIELDS = ['groundTruth', 'ground_truth', 'answer', 'gt'];

/** Counts of the categories over graded results. */
export function countCategories(results: readonly RewardResult[]): RegradeCounts {
  const counts: RegradeCounts = {
    total: 0,
    correct: 0,
    formattedWrong: 0,
    unformatted: 0,
    timedOut: 0,
    meanReward: 0,
  };
  let sum = 0;
  for (const r of results) {
    counts.total++;
    sum += r.reward;
    if (r.formatReward >= 1 && r.answerReward >= 1) counts.correct++;
    else if (r.formatReward >= 1) counts.formattedWrong++;
    else counts.unformatted++;
    if (r.metadata?.timedOut === true) counts.timedOut++;
  }
  counts.meanReward = counts.total ? sum / counts.total : 0;
  return counts;
}

function pick(record: Record<string, unknown>, fields: string[]): [string, unknown] | undefined {
  for (const f of fields) if (record[f] !== undefined) return [f, record[f]];
  return undefined;
}

/**
 * Re-grades a results JSONL file (one JSON object per line, e.g. written by `reasonrl eval`): each line's
 * response against its ground truth, with `scorer`. Blank lines are skipped.
 *
 * @param path the JSONL file
 * @param scorer `r1ZeroRewardFn`, `questionOnlyRewardFn`, or a Grader
 * @returns the category counts and one verdict per graded line
 * @throws ReasonrlError REGRADE_BAD_LINE naming the file, line number and field for a line that is not a
 *   JSON object, lacks a response or ground-truth field, or has a response that is not a string
 */
export async function regradeResultsFile(
  path: string,
  scorer: Scorer,
  options: RegradeOptions = {},
): Promise<{ counts: RegradeCounts; lines: RegradeLine[] }> {
  const responseFields = options.responseFields ?? RESPONSE_FIELDS;
  const truthFields = options.groundTruthFields ?? TRUTH_FIELDS;
  const score = typeof scorer === 'function' ? scorer : scorer.grade.bind(scorer);
  const lines: RegradeLine[] = [];
  const stream = createReadStream(path, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  try {
    for await (const text of reader) {
      lineNo++;
      if (text.trim() === '') continue;
      const where = `${path}:${lineNo}`;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        throw new ReasonrlError('REGRADE_BAD_LINE', `${where}: not valid JSON (${(error as Error).message})`);
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw new ReasonrlError('REGRADE_BAD_LINE', `${where}: expected a JSON object per line`);
      }
      const rec = record as Record<string, unknown>;
      const response = pick(rec, responseFields);
      if (!response)
        throw new ReasonrlError(
          'REGRADE_BAD_LINE',
          `${where}: no response field (tried ${responseFields.join(', ')})`,
        );
      if (typeof response[1] !== 'string') {
        throw new ReasonrlError(
          'REGRADE_BAD_LINE',
          `${where}: field '${response[0]}' must be a string, got ${typeof response[1]}`,
        );
      }
      const truth = pick(rec, truthFields);
      if (!truth)
        throw new ReasonrlError(
          'REGRADE_BAD_LINE',
          `${where}: no ground-truth field (tried ${truthFields.join(', ')})`,
        );
      let result: RewardResult;
      try {
        result = await score(response[1], truth[1] as GroundTruth);
      } catch (error) {
        throw new ReasonrlError(
          'REGRADE_BAD_LINE',
          `${where}: field '${truth[0]}': ${(error as Error).message}`,
          { cause: error },
        );
      }
      const before =
        typeof rec.reward === 'number'
          ? rec.reward
          : (rec.rewards as { reward?: unknown } | undefined)?.reward;
      lines.push({ line: lineNo, result, ...(typeof before === 'number' ? { previousReward: before } : {}) });
    }
  } catch (error) {
    if (error instanceof ReasonrlError) throw error;
    throw new ReasonrlError(
      'REGRADE_READ',
      `${path}: cannot read results file: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    reader.close();
    stream.destroy();
  }
  return { counts: countCategories(lines.map((l) => l.result)), lines };
}
