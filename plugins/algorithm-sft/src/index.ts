import { definePlugin } from '@reasonrl/core';
import { SftConfig } from './config.js';
import { SftAlgorithm } from './sft-algorithm.js';

export { SftConfig } from './config.js';
export { SftAlgorithm } from './sft-algorithm.js';
export {
  examplesFromProblems,
  filterCorrect,
  limitExamples,
  readSftJsonl,
  type SftExample,
} from './sft-data.js';

export default definePlugin({
  name: 'reasonrl:sft',
  description:
    'Supervised fine-tuning on reasoning traces, with validation accuracy, checkpoints and resume.',
  configKey: 'sft',
  configSchema: SftConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'sft',
      description:
        'CS336 SFT: sft loss over prompt/response traces with gradient accumulation and periodic validation',
      create: ({ options }) => new SftAlgorithm(options),
    },
  ],
});
