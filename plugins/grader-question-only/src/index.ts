import { definePlugin } from '@reasonrl/core';
import { MathAnswerGrader, MathGraderConfig } from '@reasonrl/math-grading';

export { MathGraderConfig as QuestionOnlyGraderConfig } from '@reasonrl/math-grading';

/** `reasonrl:question_only`: the Grader `question_only` (CS336 A5 `question_only_reward_fn`), under `questionOnly`. */
export default definePlugin({
  name: 'reasonrl:question_only',
  description: 'Grades the last \\boxed{} answer of a response (CS336 A5 question_only_reward_fn).',
  configKey: 'questionOnly',
  configSchema: MathGraderConfig,
  provides: [
    {
      kind: 'Grader',
      name: 'question_only',
      description: 'answer = last \\boxed{...}; none -> 0, else 1 iff mathematically right',
      create: ({ options }) => new MathAnswerGrader('question_only', options),
    },
  ],
});
