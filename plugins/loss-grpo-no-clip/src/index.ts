import { definePlugin } from '@reasonrl/core';
import { GrpoNoClipLossConfig } from './config.js';
import { GrpoNoClipLoss } from './grpo-no-clip-loss.js';

export { GrpoNoClipLossConfig } from './config.js';
export { GrpoNoClipLoss } from './grpo-no-clip-loss.js';

export default definePlugin({
  name: 'reasonrl:loss_grpo_no_clip',
  description: 'The unclipped importance-weighted surrogate loss (grpo_no_clip)',
  configKey: 'grpoNoClipLoss',
  configSchema: GrpoNoClipLossConfig,
  provides: [
    {
      kind: 'Loss',
      name: 'grpo_no_clip',
      description: '-ratio * A per token, ratio = pi / pi_old, no clipping',
      create: ({ options }) => new GrpoNoClipLoss(options),
    },
  ],
});
