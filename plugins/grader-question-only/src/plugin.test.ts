import { createKernel, type Grader } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import plugin, { QuestionOnlyGraderConfig } from './index.js';

describe('reasonrl:question_only', () => {
  it('provides the Grader question_only', () => {
    expect(plugin.name).toBe('reasonrl:question_only');
    expect(plugin.configKey).toBe('questionOnly');
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Grader', 'question_only']]);
    expect(QuestionOnlyGraderConfig.parse({}).timeoutMs).toBe(1000);
  });

  it('grades the last boxed answer through the kernel', async () => {
    const kernel = await createKernel({ questionOnly: { timeoutMs: 500 } }, { plugins: [plugin] });
    const grader = (await kernel.get('Grader', 'question_only')) as Grader;
    expect(await grader.grade('so \\boxed{1} or rather \\boxed{\\frac{1}{2}}', '0.5')).toMatchObject({
      reward: 1,
    });
    expect(await grader.grade('the answer is 0.5', '0.5')).toMatchObject({ reward: 0, formatReward: 0 });
    expect(await grader.grade('\\boxed{0.25}', '0.5')).toMatchObject({ reward: 0, formatReward: 1 });
    await kernel.dispose();
  });
});
