import type { GroundTruth, RewardResult } from '@reasonrl/core';
import type { GradeOptions } from './grade.js';

/** The reward functions a batch can run, by their plugin names. */
export type RewardFnName = 'r1_zero' | 'question_only';

/** A chunk of work sent to a grading worker. */
export interface BatchTask {
  rewardFn: RewardFnName;
  options: Partial<GradeOptions>;
  items: { index: number; response: string; groundTruth: GroundTruth }[];
}

/** One graded item (or the error its ground truth raised) sent back by a worker; `ready` once it has loaded. */
export type WorkerReply =
  | { index: number; result: RewardResult }
  | { index: number; error: string }
  | { ready: true };
