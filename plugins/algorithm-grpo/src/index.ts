import { definePlugin } from '@reasonrl/core';
import { GrpoConfig } from './config.js';
import { GrpoAlgorithm } from './grpo-algorithm.js';

export { GRPO_LOSS_TYPES, GrpoConfig, type GrpoDerived, grpoConfigIssues, grpoDerived } from './config.js';
export { GrpoAlgorithm } from './grpo-algorithm.js';
export { collectRollouts, type RolloutBatch } from './grpo-rollouts.js';

export default definePlugin({
  name: 'reasonrl:grpo',
  description: 'GRPO and its variants (lossType), on- or off-policy, with checkpoints and resume.',
  configKey: 'grpo',
  configSchema: GrpoConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'grpo',
      description:
        'CS336 GRPO loop: rollouts, group-normalized advantages, policy-gradient steps, weight sync, validation',
      create: ({ options }) => new GrpoAlgorithm(options),
    },
  ],
});
