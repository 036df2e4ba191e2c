import { describe, expect, it } from 'vitest';
import { casEqual } from './cas-equal.js';

describe('casEqual (Compute Engine)', () => {
  it.each([
    ['\\frac{1-\\sqrt{5}}{2}', '(1-\\sqrt{5})/2', true, 'symbolic'],
    ['\\sqrt{8}', '2\\sqrt{2}', true, 'symbolic'],
    ['\\binom{5}{2}', '10', true, 'symbolic'],
    ['\\binom{5}{2}', '52', false, 'symbolic'],
    ['3\\pi', '9.42477796', false, 'symbolic'],
    ['x^2+2x+1', '(x+1)^2', true, 'numeric'],
    ['x^2+2x+1', '(x+1)^3', false, 'numeric'],
    ['\\sin^2x+\\cos^2x', '1', true, 'numeric'],
    ['a+b+c', 'a+b+d', false, 'too-many-variables'],
    ['2^{2^{2^{2^{9}}}}', '3', false, 'guarded'],
    ['\\frac{', '1', false, 'unparsable'],
  ])('casEqual(%j, %j) = %s by %s', (a, b, equal, method) => {
    expect(casEqual(a, b)).toMatchObject({ equal, method });
  });

  it('accepts an identical expression even with more free variables than allowed', () => {
    expect(casEqual('a+b+c', 'c+b+a')).toMatchObject({ equal: true });
  });

  it('keeps each comparison in its own scope: a function symbol in one answer does not leak into the next', () => {
    expect(casEqual('f(x)', 'f(x)+0')).toMatchObject({ equal: true });
    expect(casEqual('f+1', '1+f')).toMatchObject({ equal: true });
  });

  it('counts a comparison past its budget as not equal, reason timeout', () => {
    expect(casEqual('100000!', '99999!', { timeoutMs: 50 })).toMatchObject({
      equal: false,
      method: 'timeout',
    });
  });
});
