import { definePlugin } from '@reasonrl/core';
import { JsonlTracker } from './jsonl-tracker.js';

export { JsonlTracker } from './jsonl-tracker.js';

export default definePlugin({
  name: 'reasonrl:tracker-jsonl',
  description: 'Metrics and text samples as JSON lines in the run directory.',
  provides: [
    {
      kind: 'Tracker',
      name: 'jsonl',
      description: 'metrics.jsonl + samples.jsonl in run.dir',
      create: ({ kernel }) => new JsonlTracker(kernel.config.run.dir ?? ''),
    },
  ],
});
