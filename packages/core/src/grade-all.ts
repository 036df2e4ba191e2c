import { ReasonrlError } from './errors.js';
import type { Grader, GroundTruth, RewardResult } from './services/grader.js';

/**
 * Grade N responses against N references, in order: through the grader's batched form when it has
 * one (the grader decides whether a batch is worth worker threads), else one by one.
 */
export async function gradeAll(
  grader: Grader,
  responses: readonly string[],
  groundTruths: readonly GroundTruth[],
): Promise<RewardResult[]> {
  if (responses.length !== groundTruths.length) {
    throw new ReasonrlError(
      'BATCH_SHAPE',
      `gradeAll: ${responses.length} responses but ${groundTruths.length} ground truths`,
    );
  }
  if (grader.gradeBatch) return grader.gradeBatch(responses, groundTruths);
  const out: RewardResult[] = [];
  for (let i = 0; i < responses.length; i++) out.push(await grader.grade(responses[i], groundTruths[i]));
  return out;
}
