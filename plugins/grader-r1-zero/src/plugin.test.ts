import { createKernel, type Grader } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import plugin, { R1ZeroGraderConfig } from './index.js';

describe('reasonrl:r1_zero', () => {
  it('provides the Grader r1_zero with documented defaults', () => {
    expect(plugin.name).toBe('reasonrl:r1_zero');
    expect(plugin.provides.map((c) => [c.kind, c.name])).toEqual([['Grader', 'r1_zero']]);
    expect(R1ZeroGraderConfig.parse({})).toEqual({
      timeoutMs: 1000,
      maxFreeVariables: 2,
      maxAnswerChars: 4096,
      threads: 2,
      minBatchForThreads: 2048,
    });
    for (const field of Object.values(R1ZeroGraderConfig.shape)) expect(field.description).toBeTruthy();
  });

  it('grades through the kernel, one response and a batch', async () => {
    const kernel = await createKernel(
      { r1Zero: { threads: 1, minBatchForThreads: 1 } },
      { plugins: [plugin] },
    );
    const grader = (await kernel.get('Grader', 'r1_zero')) as Grader;
    expect(grader.name).toBe('r1_zero');
    expect(await grader.grade('x</think> <answer>\\boxed{72}</answer>', '72')).toMatchObject({
      reward: 1,
      formatReward: 1,
    });
    expect(await grader.grade('x</think><answer>72</answer>', '72')).toMatchObject({
      reward: 0,
      formatReward: 0,
    });
    const batch = await grader.gradeBatch?.(
      ['x</think> <answer>1</answer>', 'x</think> <answer>2</answer>'],
      ['1', '1'],
    );
    expect(batch?.map((r) => [r.formatReward, r.reward])).toEqual([
      [1, 1],
      [1, 0],
    ]);
    await kernel.dispose();
  });

  it('rejects a bad config value by field', async () => {
    await expect(createKernel({ r1Zero: { timeoutMs: -1 } }, { plugins: [plugin] })).rejects.toThrow(
      /r1Zero\.timeoutMs/,
    );
  });
});
