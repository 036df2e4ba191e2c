import { describe, expect, it } from 'vitest';
import { latexGuard } from './latex-guard.js';

describe('latexGuard', () => {
  it.each(['x^2+2x+1', '2^{10}', '2^{2^{9}}', 'e^{i\\pi}', '10^{-5}', '\\frac{1}{2}', '(x+1)^{2}', 'x^2y^2'])(
    'lets %j through',
    (s) => {
      expect(latexGuard(s)).toBeNull();
    },
  );
  it.each([
    ['2^{2^{2^{2^{9}}}}', /tower/],
    ['2^{2^{2^{2}}}', /tower/],
    ['10^{100000}', /digits/],
    ['x'.repeat(600), /longer/],
    [`${'('.repeat(30)}1${')'.repeat(30)}`, /nested/],
  ])('refuses %j', (s, why) => {
    expect(latexGuard(s)).toMatch(why);
  });
});
