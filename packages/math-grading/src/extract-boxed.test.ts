import { describe, expect, it } from 'vitest';
import { extractBoxed } from './extract-boxed.js';

describe('extractBoxed', () => {
  it.each([
    ['The answer is \\boxed{42}.', '42'],
    ['\\boxed{1} then \\boxed{2}', '2'],
    ['\\boxed{\\frac{1}{2}}', '\\frac{1}{2}'],
    ['\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}', '\\left( 3, \\frac{\\pi}{2} \\right)'],
    ['\\boxed{}', ''],
    ['\\boxed {7}', '7'],
    ['\\fbox{5}', '5'],
    ['\\boxed{\\{1,2\\}}', '\\{1,2\\}'],
    ['x \\boxed{a{b{c}}d} y', 'a{b{c}}d'],
    ['\\boxed{\\text{(C)}}', '\\text{(C)}'],
  ])('%j -> %j', (text, expected) => {
    expect(extractBoxed(text)).toBe(expected);
  });

  it.each([['no box here'], ['\\boxed{unclosed'], ['\\boxed 5'], ['\\boxed{a{b}'], ['']])(
    '%j -> null',
    (text) => {
      expect(extractBoxed(text)).toBeNull();
    },
  );

  it('handles thousands of nested braces and a megabyte of text in one linear pass', () => {
    const depth = 5000;
    const nested = `\\boxed{${'{'.repeat(depth)}x${'}'.repeat(depth)}}`;
    expect(extractBoxed(nested)).toBe(`${'{'.repeat(depth)}x${'}'.repeat(depth)}`);
    const unbalanced = `\\boxed{${'{'.repeat(depth)}x`;
    expect(extractBoxed(unbalanced)).toBeNull();
    const big = `${'a'.repeat(1_000_000)}\\boxed{9}`;
    expect(extractBoxed(big)).toBe('9');
  });

  it('returns null for non-strings instead of throwing', () => {
    expect(extractBoxed(undefined as unknown as string)).toBeNull();
  });
});
