import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { TrainingError } from './errors.js';

/** Grade N responses against N references, with the grader's batched form when it has one. */
export async function gradeAll(
  grader: Grader,
  responses: readonly string[],
  groundTruths: readonly GroundTruth[],
): Promise<RewardResult[]> {
  if (responses.length !== groundTruths.length) {
    throw new TrainingError(
      'BATCH_SHAPE',
      `gradeAll: ${responses.length} responses but ${groundTruths.length} ground truths`,
    );
  }
  if (grader.gradeBatch) return grader.gradeBatch(responses, groundTruths);
  const out: RewardResult[] = [];
  for (let i = 0; i < responses.length; i++) out.push(await grader.grade(responses[i], groundTruths[i]));
  return out;
}
