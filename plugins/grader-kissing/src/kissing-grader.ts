import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { verifyKissingConfiguration } from './verify.js';

/** Options of the `kissing` grader (the plugin's `kissing` config section). */
export interface KissingGraderOptions {
  /** Dimension every point must have. */
  dimension: number;
  /**
   * What `reward` is: `count` = the number of points when the set is valid, else 0 (the score the
   * discovery loop maximises); `validity` = 1 for a valid set that reaches the target, else 0.
   */
  reward: 'count' | 'validity';
}

/** A target count read from a ground truth: a number, a numeric string, or the first of a list. */
function targetCount(groundTruth: GroundTruth): number {
  const first = Array.isArray(groundTruth) ? groundTruth[0] : groundTruth;
  const n = typeof first === 'number' ? first : Number(first);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Grades a point set given as JSON text (`[[...11 integers...], ...]`). `formatReward` is 1 when
 * the text parses as integer points of the right dimension; `answerReward` is 1 when the set is a
 * valid kissing configuration with at least `groundTruth` points (a target count; 0 or '' for
 * none). The verifier's full report is in `metadata`.
 */
export class KissingGrader implements Grader {
  readonly name = 'kissing';
  constructor(private readonly options: KissingGraderOptions = { dimension: 11, reward: 'count' }) {}

  grade(response: string, groundTruth: GroundTruth): RewardResult {
    const report = verifyKissingConfiguration(String(response ?? ''), { dimension: this.options.dimension });
    const readable =
      report.failure === null || !['PARSE', 'NON_INTEGER', 'WRONG_DIMENSION'].includes(report.failure.code);
    const answerReward = report.valid && report.numPoints >= targetCount(groundTruth) ? 1 : 0;
    const reward = this.options.reward === 'count' ? (report.valid ? report.numPoints : 0) : answerReward;
    return { reward, formatReward: readable ? 1 : 0, answerReward, metadata: { ...report } };
  }

  async gradeBatch(
    responses: readonly string[],
    groundTruths: readonly GroundTruth[],
  ): Promise<RewardResult[]> {
    if (responses.length !== groundTruths.length) {
      throw new RangeError(
        `gradeBatch: ${responses.length} responses but ${groundTruths.length} ground truths`,
      );
    }
    return responses.map((r, i) => this.grade(r, groundTruths[i]));
  }
}
