import { createKernel } from '@reasonrl/core';
import { expect, it } from 'vitest';
import plugin from './index.js';

it('serves the synthetic split chosen by config, with question_only prompts on request', async () => {
  const kernel = await createKernel(
    {
      use: { task: 'synthetic' },
      synthetic: { split: 'validation', count: 5, seed: 2, maxSteps: 2, prompt: 'question_only' },
    },
    { plugins: [plugin] },
  );
  const task = await kernel.get('Task');
  const problems = await task.load();
  expect(problems).toHaveLength(5);
  expect(problems.every((p) => (p.meta?.steps as number) <= 2)).toBe(true);
  expect(task.formatPrompt(problems[0])).toBe(problems[0].question);
  expect(String(problems[0].meta?.trace)).toMatch(
    new RegExp(`</think> <answer> ${problems[0].groundTruth} </answer>$`),
  );
});
