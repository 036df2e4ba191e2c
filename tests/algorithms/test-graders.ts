import { definePlugin, type Grader } from '@reasonrl/core';

/**
 * An easy synthetic reward a random tiny model can already earn sometimes, so RL has a signal to
 * climb: 1 when the response contains the letter `e`, else 0 (format reward always 1).
 */
export const containsE: Grader = {
  name: 'contains_e',
  grade: (response) => {
    const r = /e/i.test(response) ? 1 : 0;
    return { reward: r, formatReward: 1, answerReward: r };
  },
};

/** A grader that breaks after `okCalls` responses (reward NaN), to drive a run into a NaN loss. */
export function breaksAfter(okCalls: number): Grader {
  let calls = 0;
  return {
    name: 'breaks_after',
    grade: () => {
      calls += 1;
      const r = calls > okCalls ? Number.NaN : 1;
      return { reward: r, formatReward: 1, answerReward: r };
    },
  };
}

/** Inline plugin with both test graders (`breaks_after` fails after `okCalls` graded responses). */
export function testGradersPlugin(okCalls = 1_000_000) {
  return definePlugin({
    name: 'test:graders',
    description: 'synthetic test rewards',
    provides: [
      {
        kind: 'Grader',
        name: 'contains_e',
        description: 'reward 1 iff the response contains e',
        create: () => containsE,
      },
      {
        kind: 'Grader',
        name: 'breaks_after',
        description: 'reward NaN after okCalls responses',
        create: () => breaksAfter(okCalls),
      },
    ],
  });
}
