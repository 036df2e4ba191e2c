import { definePlugin } from '@reasonrl/core';
import { NoBaselineLossConfig } from './config.js';
import { NoBaselineLoss } from './no-baseline-loss.js';

export { NoBaselineLossConfig } from './config.js';
export { NoBaselineLoss } from './no-baseline-loss.js';

export default definePlugin({
  name: 'reasonrl:loss_no_baseline',
  description: 'REINFORCE with raw rewards, no baseline (no_baseline)',
  configKey: 'noBaselineLoss',
  configSchema: NoBaselineLossConfig,
  provides: [
    {
      kind: 'Loss',
      name: 'no_baseline',
      description: '-R * log p with the raw reward R per token',
      create: ({ options }) => new NoBaselineLoss(options),
    },
  ],
});
