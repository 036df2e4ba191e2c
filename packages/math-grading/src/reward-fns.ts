import type { GroundTruth, RewardResult } from '@reasonrl/core';
import { extractBoxed } from './extract-boxed.js';
import { type GradeOptions, gradeDetailed } from './grade.js';
import { groundTruthCandidates } from './ground-truth.js';

function reward(format: number, answer: number, metadata: Record<string, unknown>): RewardResult {
  return { formatReward: format, answerReward: answer, reward: answer, metadata };
}

/**
 * The model answer of an R1-Zero response, or why there is none: `unformatted` without the exact
 * `</think> <answer>` (one space) and a `</answer>`; `bad-box` for a `\boxed` whose braces do not close.
 * Otherwise the text after the last `<answer>` with every `</answer>` removed, unboxed if it has a `\boxed`.
 */
export function extractR1ZeroAnswer(
  response: string,
): { answer: string } | { failure: 'unformatted' | 'bad-box' } {
  if (
    typeof response !== 'string' ||
    !response.includes('</think> <answer>') ||
    !response.includes('</answer>')
  ) {
    return { failure: 'unformatted' };
  }
  let answer = response
    .slice(response.lastIndexOf('<answer>') + '<answer>'.length)
    .split('</answer>')
    .join('');
  if (answer.includes('\\boxed')) {
    const boxed = extractBoxed(answer);
    if (boxed === null) return { failure: 'bad-box' };
    answer = boxed;
  }
  return { answer };
}

/**
 * `r1_zero_reward_fn(response, ground_truth)`: format reward 1 iff the response has `</think> <answer>` and
 * `</answer>`; then answer reward 1 iff the answer grades correct. `reward` equals `answerReward`.
 * Unformatted -> {0,0,0}; formatted, wrong or malformed box -> {1,0,0}; correct -> {1,1,1}.
 * `metadata`: `extractedAnswer`, `method` (deciding rule), `timedOut`, `casCalls`.
 *
 * @param response the generated text (never throws on it: any string, any size)
 * @param groundTruth reference answer(s)
 * @throws ReasonrlError GRADER_BAD_GROUND_TRUTH for a missing or empty ground truth
 */
export function r1ZeroRewardFn(
  response: string,
  groundTruth: GroundTruth,
  options: Partial<GradeOptions> = {},
): RewardResult {
  groundTruthCandidates(groundTruth);
  const extracted = extractR1ZeroAnswer(response);
  if ('failure' in extracted) {
    return extracted.failure === 'unformatted'
      ? reward(0, 0, { method: 'unformatted', timedOut: false, casCalls: 0 })
      : reward(1, 0, { method: 'bad-box', timedOut: false, casCalls: 0 });
  }
  const d = gradeDetailed(extracted.answer, groundTruth, options);
  return reward(1, d.correct ? 1 : 0, {
    extractedAnswer: extracted.answer.slice(0, 200),
    method: d.method,
    timedOut: d.timedOut,
    casCalls: d.casCalls,
  });
}

/**
 * `question_only_reward_fn(response, ground_truth)`: the answer is the last `\boxed{...}` of the response;
 * none or malformed -> {0,0,0}; else {1, correct, correct}. Same `metadata` as {@link r1ZeroRewardFn}.
 *
 * @throws ReasonrlError GRADER_BAD_GROUND_TRUTH for a missing or empty ground truth
 */
export function questionOnlyRewardFn(
  response: string,
  groundTruth: GroundTruth,
  options: Partial<GradeOptions> = {},
): RewardResult {
  groundTruthCandidates(groundTruth);
  const answer = typeof response === 'string' ? extractBoxed(response) : null;
  if (answer === null) return reward(0, 0, { method: 'no-box', timedOut: false, casCalls: 0 });
  const d = gradeDetailed(answer, groundTruth, options);
  return reward(1, d.correct ? 1 : 0, {
    extractedAnswer: answer.slice(0, 200),
    method: d.method,
    timedOut: d.timedOut,
    casCalls: d.casCalls,
  });
}
