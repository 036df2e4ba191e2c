import type { Completion, GroundTruth, RewardResult } from '@reasonrl/core';
import type { ScoredSample } from './pass-at-k.js';

/** One graded sample as stored in bestofn-samples.jsonl. */
export interface StoredSample {
  text: string;
  tokenCount: number;
  finishReason: Completion['finishReason'];
  /** Mean token log-probability; null when the sample has no tokens (ranks last). */
  meanLogProb: number | null;
  formatReward: number;
  answerReward: number;
  reward: number;
  /** `eval` when reused from an eval run's results.jsonl, else `sampled`. */
  source: 'eval' | 'sampled';
}

/** One line of bestofn-samples.jsonl: every sample of one prompt. */
export interface PromptSamples {
  id: string;
  index: number;
  problem: string;
  prompt: string;
  reference: GroundTruth;
  samples: StoredSample[];
}

/** Mean of a completion's (T,) token log-probs, or null for T = 0. */
export function meanLogProb(logprobs: readonly number[]): number | null {
  return logprobs.length ? logprobs.reduce((a, b) => a + b, 0) / logprobs.length : null;
}

export function storedSample(
  c: Completion,
  grade: RewardResult,
  meanLp: number | null,
  source: StoredSample['source'],
): StoredSample {
  return {
    text: c.text,
    tokenCount: c.tokenIds.length,
    finishReason: c.finishReason,
    meanLogProb: meanLp,
    formatReward: grade.formatReward,
    answerReward: grade.answerReward,
    reward: grade.reward,
    source,
  };
}

/** The view pass@N / Best@N need (null log-prob ranks last). */
export function toScored(samples: readonly StoredSample[]): ScoredSample[] {
  return samples.map((s) => ({
    answerReward: s.answerReward,
    meanLogProb: s.meanLogProb ?? Number.NEGATIVE_INFINITY,
  }));
}
