import { describe, expect, it } from 'vitest';
import { parseMmluResponse } from './mmlu.js';

const example = { options: ['100', '1', '10', 'unknown'] };

describe('parseMmluResponse', () => {
  it.each([
    ['The correct answer is B. There is only one.', 'B'],
    ['Answer: D', 'D'],
    ['the answer is (C)', 'C'],
    ['I first thought the answer is A, but the answer is C.', 'C'],
  ])('%j -> %j', (text, expected) => {
    expect(parseMmluResponse(example, text)).toBe(expected);
  });

  it.each([
    ['The correct answer is 10000 polyomaviruses.'],
    ['The answer is E.'], // only four options
    ['The answer is a good question.'],
    ['B'],
  ])('%j -> null', (text) => {
    expect(parseMmluResponse(example, text)).toBeNull();
  });
});
