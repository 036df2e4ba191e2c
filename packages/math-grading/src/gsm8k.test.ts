import { describe, expect, it } from 'vitest';
import { extractGsm8kAnswer, parseGsm8kResponse } from './gsm8k.js';

describe('extractGsm8kAnswer', () => {
  it.each([
    ['Natalia sold 48/2 = <<48/2=24>>24 clips.\n#### 72', '72'],
    ['...\n#### 1,080', '1080'],
    ['...\n#### -3', '-3'],
    ['a #### 1 then #### 2', '2'],
    ['x\n####   1,234,567  ', '1234567'],
  ])('%j -> %j', (solution, expected) => {
    expect(extractGsm8kAnswer(solution)).toBe(expected);
  });

  it('names the problem for a solution without a final answer', () => {
    expect(() => extractGsm8kAnswer('no marker')).toThrow(/no '####' final-answer marker/);
    expect(() => extractGsm8kAnswer('x ####  ')).toThrow(/nothing after/);
  });
});

describe('parseGsm8kResponse', () => {
  it.each([
    ['Natalia sold 48/2 = 24 clips in May. Natalia sold 48+24 = 72 clips altogether in April and May.', '72'],
    ['It costs $1,250 in total.', '1250'],
    ['The result is -4.', '-4'],
    ['0.5 of it, so 2.75', '2.75'],
    ['pages 2-3', '3'],
    ['48 - 50 = -2', '-2'],
    ['Total: 1,000,000 dollars.', '1000000'],
  ])('%j -> %j', (text, expected) => {
    expect(parseGsm8kResponse(text)).toBe(expected);
  });

  it('returns null when there is no number', () => {
    expect(parseGsm8kResponse('seventy-two clips')).toBeNull();
  });
});
