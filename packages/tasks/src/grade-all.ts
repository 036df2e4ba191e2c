import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';

/** Below this many responses, grading on the calling thread beats starting worker threads. */
export const MIN_RESPONSES_FOR_GRADE_BATCH = 64;

/**
 * Grade responses: through the grader's batched form (which may start worker threads) when it has one
 * and there are at least `minForBatch` responses, else one by one on this thread. Same order as the
 * inputs: `responses[i]` is graded against `truths[i]`.
 */
export async function gradeAll(
  grader: Grader,
  responses: readonly string[],
  truths: readonly GroundTruth[],
  minForBatch = MIN_RESPONSES_FOR_GRADE_BATCH,
): Promise<RewardResult[]> {
  if (responses.length !== truths.length) {
    throw new Error(`gradeAll: ${responses.length} responses but ${truths.length} ground truths`);
  }
  if (grader.gradeBatch && responses.length >= minForBatch) return grader.gradeBatch(responses, truths);
  const out: RewardResult[] = [];
  for (let i = 0; i < responses.length; i++) out.push(await grader.grade(responses[i], truths[i]));
  return out;
}
