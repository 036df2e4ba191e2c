import type { RewardResult } from '@reasonrl/core';

/**
 * Expert Iteration's filter: the rollouts (indices into the flat N = questions x G list, the G of one
 * question adjacent) whose answer was graded correct, from questions with at least
 * `minKeptPerQuestion` correct rollouts.
 *
 * @returns kept: rollout indices in order; keptQuestions: how many questions contributed.
 */
export function keepCorrect(
  rewards: readonly RewardResult[],
  G: number,
  minKeptPerQuestion: number,
): { kept: number[]; keptQuestions: number } {
  const kept: number[] = [];
  let keptQuestions = 0;
  for (let q = 0; q * G < rewards.length; q++) {
    const correct: number[] = [];
    for (let i = q * G; i < (q + 1) * G; i++) if (rewards[i].answerReward === 1) correct.push(i);
    if (correct.length >= minKeptPerQuestion && correct.length > 0) {
      kept.push(...correct);
      keptQuestions++;
    }
  }
  return { kept, keptQuestions };
}
