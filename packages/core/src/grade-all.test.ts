import { expect, it } from 'vitest';
import { gradeAll } from './grade-all.js';
import type { Grader, GroundTruth, RewardResult } from './services/grader.js';

const verdict = (r: string, t: GroundTruth): RewardResult => {
  const ok = r.trim() === String(t) ? 1 : 0;
  return { reward: ok, formatReward: 1, answerReward: ok };
};

it('grades in order, with gradeBatch when the grader has one, else one by one', async () => {
  const paths: string[] = [];
  const single: Grader = {
    name: 's',
    grade: (r, t) => {
      paths.push('grade');
      return verdict(r, t);
    },
  };
  expect((await gradeAll(single, ['1', '2', ' 3'], ['1', '3', 3])).map((r) => r.reward)).toEqual([1, 0, 1]);
  expect(paths).toEqual(['grade', 'grade', 'grade']);
  const batched: Grader = {
    ...single,
    gradeBatch: async (rs, ts) => {
      paths.push(`batch:${rs.length}`);
      return rs.map((r, i) => verdict(r, ts[i]));
    },
  };
  paths.length = 0;
  expect((await gradeAll(batched, ['1', '2'], ['1', '2'])).map((r) => r.reward)).toEqual([1, 1]);
  expect(paths).toEqual(['batch:2']);
  await expect(gradeAll(batched, ['1'], [])).rejects.toThrow('gradeAll: 1 responses but 0 ground truths');
});
