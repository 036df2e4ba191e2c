import { definePlugin } from '@reasonrl/core';
import { ExpertIterationConfig } from './config.js';
import { ExpertIterationAlgorithm } from './ei-algorithm.js';

export { ExpertIterationConfig } from './config.js';
export { ExpertIterationAlgorithm } from './ei-algorithm.js';
export { keepCorrect } from './keep-correct.js';

export default definePlugin({
  name: 'reasonrl:ei',
  description: 'Expert Iteration: sample, keep verified-correct rollouts, SFT on them, repeat.',
  configKey: 'ei',
  configSchema: ExpertIterationConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'ei',
      description:
        'CS336 Expert Iteration: G rollouts per question, keep the correct ones, sftEpochs of SFT, sync, validate',
      create: ({ options }) => new ExpertIterationAlgorithm(options),
    },
  ],
});
