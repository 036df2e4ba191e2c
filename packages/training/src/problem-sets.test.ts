import type { Problem } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { holdOut } from './problem-sets.js';

const problems: Problem[] = Array.from({ length: 10 }, (_, i) => ({
  id: `p${i}`,
  question: `q${i}`,
  groundTruth: i,
}));

it('holds out a seeded, disjoint validation set', () => {
  const a = holdOut(problems, 3, 1);
  expect(a.val).toHaveLength(3);
  expect(a.train).toHaveLength(7);
  expect(new Set([...a.train, ...a.val].map((p) => p.id)).size).toBe(10);
  expect(holdOut(problems, 3, 1)).toEqual(a);
  expect(() => holdOut(problems, 10, 1)).toThrow(
    'cannot hold out evalExamples = 10 validation problems from a task of 10',
  );
});
