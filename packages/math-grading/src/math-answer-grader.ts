import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { gradeBatch, type RewardFnName } from './batch.js';
import type { MathGraderConfig } from './grader-config.js';
import { questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

/**
 * The Grader service behind the `r1_zero` and `question_only` plugins: `grade` runs the reward function on
 * the calling thread (bounded by `timeoutMs`), `gradeBatch` spreads a large batch over `threads` worker threads.
 */
export class MathAnswerGrader implements Grader {
  readonly name: RewardFnName;
  private readonly config: MathGraderConfig;

  constructor(name: RewardFnName, config: MathGraderConfig) {
    this.name = name;
    this.config = config;
  }

  grade(response: string, groundTruth: GroundTruth): RewardResult {
    const fn = this.name === 'question_only' ? questionOnlyRewardFn : r1ZeroRewardFn;
    return fn(response, groundTruth, this.config);
  }

  /** Worker threads for batches of at least `minBatchForThreads`; smaller ones on this thread. */
  async gradeBatch(
    responses: readonly string[],
    groundTruths: readonly GroundTruth[],
  ): Promise<RewardResult[]> {
    const { threads, minBatchForThreads, ...options } = this.config;
    if (responses.length < minBatchForThreads) {
      if (responses.length !== groundTruths.length) {
        throw new RangeError(
          `gradeBatch: ${responses.length} responses but ${groundTruths.length} ground truths`,
        );
      }
      return responses.map((r, i) => this.grade(r, groundTruths[i]));
    }
    return gradeBatch(this.name, responses, groundTruths, { ...options, threads });
  }
}
