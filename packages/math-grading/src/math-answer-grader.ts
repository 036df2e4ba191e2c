import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { gradeBatch, type RewardFnName } from './batch.js';
import type { MathGraderConfig } from './grader-config.js';
import { questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

/**
 * The Grader service behind the `r1_zero` and `question_only` plugins: `grade` runs the reward function on
 * the calling thread (bounded by `timeoutMs`), `gradeBatch` spreads a batch over `threads` worker threads.
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

  gradeBatch(responses: readonly string[], groundTruths: readonly GroundTruth[]): Promise<RewardResult[]> {
    const { threads, ...options } = this.config;
    return gradeBatch(this.name, responses, groundTruths, { ...options, threads });
  }
}
