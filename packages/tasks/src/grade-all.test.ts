import type { Grader, GroundTruth, RewardResult } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { gradeAll } from './grade-all.js';

/** Exact-match grader that records which path graded. */
class ExactGrader implements Grader {
  readonly name = 'exact';
  readonly paths: string[] = [];
  grade(response: string, truth: GroundTruth): RewardResult {
    this.paths.push('grade');
    const ok = response.trim() === String(truth) ? 1 : 0;
    return { reward: ok, formatReward: 1, answerReward: ok };
  }
  async gradeBatch(responses: readonly string[], truths: readonly GroundTruth[]): Promise<RewardResult[]> {
    this.paths.push(`batch:${responses.length}`);
    return responses.map((r, i) => {
      const ok = r.trim() === String(truths[i]) ? 1 : 0;
      return { reward: ok, formatReward: 1, answerReward: ok };
    });
  }
}

it('grades in order, on this thread for small batches and with gradeBatch from the threshold up', async () => {
  const g = new ExactGrader();
  expect((await gradeAll(g, ['1', '2', ' 3'], ['1', '3', 3])).map((r) => r.reward)).toEqual([1, 0, 1]);
  expect(g.paths).toEqual(['grade', 'grade', 'grade']);
  g.paths.length = 0;
  expect((await gradeAll(g, ['1', '2'], ['1', '2'], 2)).map((r) => r.reward)).toEqual([1, 1]);
  expect(g.paths).toEqual(['batch:2']);
  await expect(gradeAll(g, ['1'], [])).rejects.toThrow('gradeAll: 1 responses but 0 ground truths');
});
