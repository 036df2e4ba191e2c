import { describe, expect, it } from 'vitest';
import {
  isIntegerLiteral,
  numbersClose,
  parseNumberLiteral,
  parseWrittenFraction,
} from './number-literal.js';

describe('parseNumberLiteral', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['.5', 0.5],
    ['1,000', 1000],
    ['1,234,567.5', 1234567.5],
    ['1e6', 1e6],
    ['2.5E-3', 0.0025],
    ['+7', 7],
  ])('%j -> %d', (s, v) => {
    expect(parseNumberLiteral(s)).toBeCloseTo(v, 12);
  });
  it.each(['1,2', '12,34', 'x', '\\frac{1}{2}', '1/2', '', '.', 'e5', '1e', '--1', '1.2.3'])(
    '%j -> null',
    (s) => {
      expect(parseNumberLiteral(s)).toBeNull();
    },
  );
});

describe('isIntegerLiteral', () => {
  it.each([
    ['12', true],
    ['12.0', true],
    ['1e6', true],
    ['1,000', true],
    ['12.5', false],
    ['\\frac{4}{2}', false],
    ['x', false],
  ])('%j -> %s', (s, expected) => {
    expect(isIntegerLiteral(s)).toBe(expected);
  });
});

describe('parseWrittenFraction', () => {
  it('keeps the fraction as written, with the sign on the numerator', () => {
    expect(parseWrittenFraction('\\frac{6}{4}')).toEqual({ numerator: 6n, denominator: 4n });
    expect(parseWrittenFraction('-\\frac{1}{2}')).toEqual({ numerator: -1n, denominator: 2n });
    expect(parseWrittenFraction('\\frac{1}{-2}')).toEqual({ numerator: -1n, denominator: 2n });
    expect(parseWrittenFraction('3/4')).toEqual({ numerator: 3n, denominator: 4n });
    expect(parseWrittenFraction('\\frac{1}{0}')).toBeNull();
    expect(parseWrittenFraction('\\frac{x}{2}')).toBeNull();
  });
});

describe('numbersClose', () => {
  it('is relative for large values and absolute near zero', () => {
    expect(numbersClose(1e12, 1e12 + 1)).toBe(true); // 1e-12 relative
    expect(numbersClose(1000, 1001)).toBe(false);
    expect(numbersClose(0, 1e-10)).toBe(true);
    expect(numbersClose(0, 1e-6)).toBe(false);
  });
});
