import { resolve } from 'node:path';
import { createKernel } from '@reasonrl/core';
import { R1_ZERO_PROMPT } from '@reasonrl/tasks';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

const GSM8K = resolve(__dirname, '../../../../shared/datasets/gsm8k/test.jsonl');

describe('task-jsonl plugin', () => {
  it('loads a data set through the kernel and formats r1_zero prompts', async () => {
    const kernel = await createKernel(
      { use: { task: 'jsonl' }, task: { dataset: GSM8K, limit: 2 } },
      { plugins: [plugin] },
    );
    const task = await kernel.get('Task');
    const problems = await task.load();
    expect(problems.map((p) => p.groundTruth)).toEqual(['18', '3']);
    expect(task.formatPrompt(problems[1])).toBe(R1_ZERO_PROMPT.replace('{question}', problems[1].question));
  });

  it('a fixed-format Task refuses a file of another layout', async () => {
    const kernel = await createKernel({ task: { dataset: GSM8K, limit: 1 } }, { plugins: [plugin] });
    const task = await kernel.get('Task', 'math');
    await expect(task.load()).rejects.toThrow(`${GSM8K}:1: field 'problem': missing`);
  });

  it('says what is missing', async () => {
    const kernel = await createKernel({}, { plugins: [plugin] });
    await expect((await kernel.get('Task', 'gsm8k')).load()).rejects.toThrow(
      /needs a data set file: set task.dataset/,
    );
    await expect(createKernel({ task: { limit: -1 } }, { plugins: [plugin] })).rejects.toThrow(/task.limit/);
  });
});
