import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from './arithmetic-expression.js';
import { decodeCountdownTarget, verifyCountdownEquation } from './countdown.js';

describe('evaluateArithmetic', () => {
  it('follows precedence, parentheses and unary minus', () => {
    expect(evaluateArithmetic('1 + 2 * 3')).toBe(7);
    expect(evaluateArithmetic('(1 + 2) * 3')).toBe(9);
    expect(evaluateArithmetic('100 - 93 + 30 / 2')).toBeCloseTo(22, 12);
    expect(evaluateArithmetic('-(4 - 10) / 4')).toBeCloseTo(1.5, 12);
    expect(evaluateArithmetic('8 / 3 * 3')).toBeCloseTo(8, 12);
  });

  it('refuses anything but arithmetic', () => {
    expect(() => evaluateArithmetic('process.exit()')).toThrow(/only digits/);
    expect(() => evaluateArithmetic('1 +')).toThrow(/ends too early/);
    expect(() => evaluateArithmetic('(1 + 2')).toThrow(/missing '\)'/);
    expect(() => evaluateArithmetic('4 / (2 - 2)')).toThrow(/division by zero/);
    expect(() => evaluateArithmetic('1 2')).toThrow(/unexpected '2'/);
  });
});

describe('verifyCountdownEquation', () => {
  const t = decodeCountdownTarget('{"nums":[30,100,93],"target":23}');
  it('accepts a correct equation using each number once', () => {
    expect(verifyCountdownEquation('100 - 93 + 30 - 14', t)).toBe('wrong-numbers');
    expect(verifyCountdownEquation('30 - (100 - 93)', t)).toBe('correct');
    expect(verifyCountdownEquation('30 + 100 - 93', t)).toBe('wrong-value');
    expect(verifyCountdownEquation('30 - 100 - 93', t)).toBe('wrong-value');
    expect(verifyCountdownEquation('30 - (100 - 93', t)).toBe('invalid-expression');
    expect(verifyCountdownEquation('30 - 93', t)).toBe('wrong-numbers');
  });
  it('rejects a malformed ground truth', () => {
    expect(() => decodeCountdownTarget('23')).toThrow(
      /must be '\{"nums":\[int,...\],"target":int\}', got "23"/,
    );
  });
});
