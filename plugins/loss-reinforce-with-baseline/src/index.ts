import { definePlugin } from '@reasonrl/core';
import { ReinforceWithBaselineLossConfig } from './config.js';
import { ReinforceWithBaselineLoss } from './reinforce-with-baseline-loss.js';

export { ReinforceWithBaselineLossConfig } from './config.js';
export { ReinforceWithBaselineLoss } from './reinforce-with-baseline-loss.js';

export default definePlugin({
  name: 'reasonrl:loss_reinforce_with_baseline',
  description: 'REINFORCE with the group mean as baseline (reinforce_with_baseline)',
  configKey: 'reinforceWithBaselineLoss',
  configSchema: ReinforceWithBaselineLossConfig,
  provides: [
    {
      kind: 'Loss',
      name: 'reinforce_with_baseline',
      description: '-A * log p with the group-normalized advantage A per token',
      create: ({ options }) => new ReinforceWithBaselineLoss(options),
    },
  ],
});
