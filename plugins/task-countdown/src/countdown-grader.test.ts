import { describe, expect, it } from 'vitest';
import { CountdownGrader, extractLastAnswerTag } from './countdown-grader.js';

const truth = '{"nums":[30,100,93],"target":23}';
const grader = new CountdownGrader();

describe('countdown grader', () => {
  it('takes the last <answer> tag', () => {
    expect(extractLastAnswerTag('x </think> <answer> 1 + 2 </answer> then <answer> 3 </answer>')).toBe('3');
    expect(extractLastAnswerTag('<answer> 1 + 2')).toBeNull();
  });

  it('rewards a correct equation, and only that', () => {
    expect(grader.grade(' ... </think> <answer> 30 - (100 - 93) </answer>', truth)).toMatchObject({
      reward: 1,
      formatReward: 1,
      answerReward: 1,
    });
    expect(grader.grade('</think> <answer> 30 + 100 - 93 </answer>', truth)).toMatchObject({
      reward: 0,
      formatReward: 1,
      answerReward: 0,
      metadata: { verdict: 'wrong-value' },
    });
    expect(grader.grade('</think> <answer> 100 - 93 + 16 </answer>', truth).metadata).toMatchObject({
      verdict: 'wrong-numbers',
    });
    expect(grader.grade('</think> <answer> 30 - (100 - 93 </answer>', truth).metadata).toMatchObject({
      verdict: 'invalid-expression',
    });
    expect(grader.grade('the answer is 30 - (100 - 93)', truth)).toMatchObject({
      reward: 0,
      formatReward: 0,
      answerReward: 0,
    });
  });

  it('rejects a ground truth that is not a Countdown target', () => {
    expect(() => grader.grade('<answer> 1 </answer>', '23')).toThrow(/countdown ground truth must be/);
  });
});
