import { definePlugin } from '@reasonrl/core';
import { MathAnswerGrader, MathGraderConfig } from '@reasonrl/math-grading';

export { MathGraderConfig as R1ZeroGraderConfig } from '@reasonrl/math-grading';

/** `reasonrl:r1_zero`: the Grader `r1_zero` (CS336 A5 `r1_zero_reward_fn`), configured under `r1Zero`. */
export default definePlugin({
  name: 'reasonrl:r1_zero',
  description:
    'Grades <think>/<answer> responses: format reward + answer reward (CS336 A5 r1_zero_reward_fn).',
  configKey: 'r1Zero',
  configSchema: MathGraderConfig,
  provides: [
    {
      kind: 'Grader',
      name: 'r1_zero',
      description:
        'format 1 iff "</think> <answer>" and "</answer>"; answer 1 iff the (boxed) answer is mathematically right',
      create: ({ options }) => new MathAnswerGrader('r1_zero', options),
    },
  ],
});
