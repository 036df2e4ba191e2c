import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { decodeCountdownTarget, verifyCountdownEquation } from '@reasonrl/tasks';

/** The text of the last `<answer> ... </answer>` in a response, trimmed, or null when there is none. */
export function extractLastAnswerTag(response: string): string | null {
  if (typeof response !== 'string') return null;
  const end = response.lastIndexOf('</answer>');
  if (end < 0) return null;
  const start = response.lastIndexOf('<answer>', end);
  return start < 0 ? null : response.slice(start + '<answer>'.length, end).trim();
}

/**
 * Grader `countdown` (TinyZero's rule): the equation in the last `<answer>` tag must use exactly the given
 * numbers, each once, with `+ - * /` and parentheses, and evaluate to the target (within 1e-5).
 * `formatReward` is 1 when an answer tag was found; `reward` = `answerReward` (1 when correct), as for r1_zero.
 * The ground truth is the Countdown task's `{"nums":[...],"target":N}`.
 */
export class CountdownGrader implements Grader {
  readonly name = 'countdown';

  grade(response: string, groundTruth: GroundTruth): RewardResult {
    const target = decodeCountdownTarget(groundTruth);
    const equation = extractLastAnswerTag(response);
    if (equation === null)
      return { reward: 0, formatReward: 0, answerReward: 0, metadata: { verdict: 'no-answer' } };
    const verdict = verifyCountdownEquation(equation, target);
    const answer = verdict === 'correct' ? 1 : 0;
    return {
      reward: answer,
      formatReward: 1,
      answerReward: answer,
      metadata: { verdict, equation: equation.slice(0, 200) },
    };
  }
}
