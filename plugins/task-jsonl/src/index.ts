import { definePlugin } from '@reasonrl/core';
import { TaskFileConfig } from './config.js';
import { FileTask } from './file-task.js';

export { TaskFileConfig } from './config.js';
export { FileTask } from './file-task.js';

export default definePlugin({
  name: 'reasonrl:task-jsonl',
  description:
    'Problems and reference answers from local JSONL files (GSM8K, MATH/MATH-500, Countdown, any JSONL).',
  configKey: 'task',
  configSchema: TaskFileConfig,
  provides: [
    {
      kind: 'Task',
      name: 'jsonl',
      description: 'any JSONL; format detected from the fields or set by task.format / task.fields',
      create: ({ options }) => new FileTask('jsonl', options),
    },
    {
      kind: 'Task',
      name: 'gsm8k',
      description: 'GSM8K JSONL: question + answer ending in "#### N"',
      create: ({ options }) => new FileTask('gsm8k', options, 'gsm8k'),
    },
    {
      kind: 'Task',
      name: 'math',
      description: 'MATH / MATH-500 JSONL: problem + answer (or solution with \\boxed{})',
      create: ({ options }) => new FileTask('math', options, 'math'),
    },
    {
      kind: 'Task',
      name: 'countdown',
      description: 'Countdown JSONL: nums + target; grade with Grader countdown',
      create: ({ options }) => new FileTask('countdown', options, 'countdown'),
    },
  ],
});
