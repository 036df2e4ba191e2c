import { definePlugin } from '@reasonrl/core';
import { CountdownGrader } from './countdown-grader.js';

export { CountdownGrader, extractLastAnswerTag } from './countdown-grader.js';

export default definePlugin({
  name: 'reasonrl:countdown',
  description: 'Countdown: verifies the equation in <answer> by evaluating it (TinyZero rule).',
  provides: [
    {
      kind: 'Grader',
      name: 'countdown',
      description:
        'format 1 iff an <answer> tag; answer 1 iff the equation uses each number once and equals the target',
      create: () => new CountdownGrader(),
    },
  ],
});
