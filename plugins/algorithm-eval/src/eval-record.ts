import type { Completion, GroundTruth, Problem, RewardResult } from '@reasonrl/core';
import { type Category, categorize } from '@reasonrl/training';
import { type LogProbsSummary, summarizeLogProbs } from './log-probs-summary.js';

/** One line of results.jsonl: a problem, what the model wrote, and its grade. */
export interface EvalRecord {
  id: string;
  /** Position of the problem in the task (results are written in this order). */
  index: number;
  problem: string;
  prompt: string;
  reference: GroundTruth;
  generation: string;
  tokenCount: number;
  finishReason: Completion['finishReason'];
  logProbs: LogProbsSummary | null;
  formatReward: number;
  answerReward: number;
  reward: number;
  category: Category;
  /** This response's share of its batch's generation time, in ms (throughput survives resume). */
  generationMs: number;
}

export function buildEvalRecord(
  problem: Problem,
  index: number,
  prompt: string,
  completion: Completion,
  grade: RewardResult,
  generationMs: number,
): EvalRecord {
  return {
    id: problem.id,
    index,
    problem: problem.question,
    prompt,
    reference: problem.groundTruth,
    generation: completion.text,
    tokenCount: completion.tokenIds.length,
    finishReason: completion.finishReason,
    logProbs: summarizeLogProbs(completion.logprobs),
    formatReward: grade.formatReward,
    answerReward: grade.answerReward,
    reward: grade.reward,
    category: categorize(grade.formatReward, grade.answerReward),
    generationMs,
  };
}
