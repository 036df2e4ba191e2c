import { definePlugin } from '@reasonrl/core';
import { SyntheticTaskConfig } from './config.js';
import { SyntheticTask } from './synthetic-task.js';

export { SyntheticTaskConfig } from './config.js';
export { SyntheticTask } from './synthetic-task.js';

export default definePlugin({
  name: 'reasonrl:task-synthetic',
  description: 'Seeded multi-step arithmetic word problems with integer answers and step-by-step solutions.',
  configKey: 'synthetic',
  configSchema: SyntheticTaskConfig,
  provides: [
    {
      kind: 'Task',
      name: 'synthetic',
      description: 'GSM8K-style word problems, 1-4 steps, numbers < 100, with r1_zero traces (meta.trace)',
      create: ({ options }) => new SyntheticTask(options),
    },
  ],
});
