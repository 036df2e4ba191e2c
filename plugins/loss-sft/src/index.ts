import { definePlugin } from '@reasonrl/core';
import { SftLossConfig } from './config.js';
import { SftLoss } from './sft-loss.js';

export { SftLossConfig } from './config.js';
export { SftLoss } from './sft-loss.js';

export default definePlugin({
  name: 'reasonrl:loss_sft',
  description: 'Negative log-likelihood of response tokens for supervised fine-tuning (sft)',
  configKey: 'sftLoss',
  configSchema: SftLossConfig,
  provides: [
    {
      kind: 'Loss',
      name: 'sft',
      description:
        'sum over response tokens of -log p, divided by normalizeConstant, averaged over the batch',
      create: ({ options }) => new SftLoss(options),
    },
  ],
});
