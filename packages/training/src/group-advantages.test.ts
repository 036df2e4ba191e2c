import { expect, it } from 'vitest';
import { groupNormalizedAdvantages } from './group-advantages.js';

it('normalizes within each group (worked by hand)', () => {
  // group [1, 0]: mean 0.5, std sqrt(0.5) = 0.70710678; group [1, 1]: zeros
  const a = groupNormalizedAdvantages([1, 0, 1, 1], 2, 1e-6, true);
  const s = Math.SQRT1_2;
  const expected = [0.5 / (s + 1e-6), -0.5 / (s + 1e-6), 0, 0];
  for (let i = 0; i < 4; i++) expect(a[i]).toBeCloseTo(expected[i], 10);
  expect(groupNormalizedAdvantages([3, 1, 2, 2], 2, 1e-6, false)).toEqual([1, -1, 0, 0]);
  expect(() => groupNormalizedAdvantages([1, 2, 3], 2, 1e-6, true)).toThrow(
    '3 rewards cannot be split into groups of 2',
  );
});
