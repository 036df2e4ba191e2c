import { definePlugin } from '@reasonrl/core';
import { GrpoClipLossConfig } from './config.js';
import { GrpoClipLoss } from './grpo-clip-loss.js';

export { GrpoClipLossConfig } from './config.js';
export { GrpoClipLoss } from './grpo-clip-loss.js';

export default definePlugin({
  name: 'reasonrl:loss_grpo_clip',
  description: "GRPO's clipped surrogate loss (grpo_clip)",
  configKey: 'grpoClipLoss',
  configSchema: GrpoClipLossConfig,
  provides: [
    {
      kind: 'Loss',
      name: 'grpo_clip',
      description:
        '-min(ratio * A, clip(ratio, 1 - cliprange, 1 + cliprange) * A) per token, ratio = pi / pi_old',
      create: ({ options }) => new GrpoClipLoss(options),
    },
  ],
});
