import { expect, it } from 'vitest';
import { keepCorrect } from './keep-correct.js';

const r = (answerReward: number) => ({ reward: answerReward, formatReward: 1, answerReward });

it('keeps correct rollouts of questions with enough of them', () => {
  // G = 3: q0 has 2 correct, q1 has 1, q2 has 0
  const rewards = [r(1), r(0), r(1), r(0), r(1), r(0), r(0), r(0), r(0)];
  expect(keepCorrect(rewards, 3, 1)).toEqual({ kept: [0, 2, 4], keptQuestions: 2 });
  expect(keepCorrect(rewards, 3, 2)).toEqual({ kept: [0, 2], keptQuestions: 1 });
});
