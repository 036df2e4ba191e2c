import type { Grader, GroundTruth, Problem } from '@reasonrl/core';
import { readJsonl } from '@reasonrl/run-io';
import { gradeAll, TrainingError } from '@reasonrl/training';

/** One SFT example: the formatted prompt, the target response, and the reference answer when known. */
export interface SftExample {
  prompt: string;
  response: string;
  groundTruth?: GroundTruth;
}

/** Read `{prompt, response, ground_truth?}` lines; a bad line names the file, line and field. */
export function readSftJsonl(file: string): SftExample[] {
  return readJsonl(file).map(({ line, value }) => {
    for (const field of ['prompt', 'response']) {
      if (typeof value[field] !== 'string') {
        throw new TrainingError(
          'SFT_DATA_INVALID',
          `${file}:${line}: field '${field}' must be a string, got ${value[field] === undefined ? 'nothing' : typeof value[field]}`,
        );
      }
    }
    const gt = value.ground_truth;
    const okGt =
      gt === undefined ||
      typeof gt === 'string' ||
      typeof gt === 'number' ||
      (Array.isArray(gt) && gt.every((g) => typeof g === 'string' || typeof g === 'number'));
    if (!okGt)
      throw new TrainingError(
        'SFT_DATA_INVALID',
        `${file}:${line}: field 'ground_truth' must be a string, number or list of them`,
      );
    return {
      prompt: value.prompt as string,
      response: value.response as string,
      groundTruth: gt as GroundTruth | undefined,
    };
  });
}

/** SFT examples from Task problems: the prompt from `promptOf`, the response from `meta.trace`. */
export function examplesFromProblems(
  problems: readonly Problem[],
  promptOf: (p: Problem) => string,
  taskName: string,
): SftExample[] {
  return problems.map((p) => {
    const trace = p.meta?.trace;
    if (typeof trace !== 'string') {
      throw new TrainingError(
        'SFT_DATA_INVALID',
        `task '${taskName}' problem '${p.id}' has no meta.trace to train on; give sft.dataPath (a JSONL of prompt/response) instead`,
      );
    }
    return { prompt: promptOf(p), response: trace, groundTruth: p.groundTruth };
  });
}

/**
 * `--filter-correct`: keep the examples whose response the grader accepts (answer reward 1) against
 * their ground truth. Examples without a ground truth cannot be checked and are an error.
 */
export async function filterCorrect(examples: readonly SftExample[], grader: Grader): Promise<SftExample[]> {
  const missing = examples.findIndex((e) => e.groundTruth === undefined);
  if (missing >= 0) {
    throw new TrainingError(
      'SFT_DATA_INVALID',
      `filterCorrect needs ground_truth on every example; example ${missing} has none`,
    );
  }
  const rewards = await gradeAll(
    grader,
    examples.map((e) => e.response),
    examples.map((e) => e.groundTruth as GroundTruth),
  );
  return examples.filter((_, i) => rewards[i].answerReward === 1);
}

/** The first `limit` examples (0 = all), as in the dataset-size sweep. */
export function limitExamples<T>(examples: readonly T[], limit: number): T[] {
  return limit > 0 ? examples.slice(0, limit) : examples.slice();
}
