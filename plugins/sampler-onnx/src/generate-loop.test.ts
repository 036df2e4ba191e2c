import { describe, expect, it } from 'vitest';
import { commonPrefixLength, sharedPrefixLength } from './generate-loop.js';

describe('commonPrefixLength', () => {
  it('is the shared start of every prompt, leaving each prompt at least one token', () => {
    expect(
      commonPrefixLength([
        [1, 2, 3, 4],
        [1, 2, 3, 9, 9],
        [1, 2, 7],
      ]),
    ).toBe(2);
    expect(
      commonPrefixLength([
        [5, 6, 7],
        [5, 6, 7, 8],
      ]),
    ).toBe(2);
    expect(commonPrefixLength([[1], [1]])).toBe(0);
    expect(
      commonPrefixLength([
        [1, 2],
        [3, 2],
      ]),
    ).toBe(0);
    expect(commonPrefixLength([])).toBe(0);
  });
});

describe('sharedPrefixLength', () => {
  const prompts = [
    [1, 2, 3, 4, 5],
    [1, 2, 3, 4, 9, 9],
  ];
  it('is the common prefix when at least minLength tokens and two prompts, else 0', () => {
    expect(sharedPrefixLength(prompts, 4)).toBe(4);
    expect(sharedPrefixLength(prompts, 5)).toBe(0);
    expect(sharedPrefixLength(prompts, 0)).toBe(0); // 0 disables
    expect(sharedPrefixLength([prompts[0]], 1)).toBe(0); // one prompt: nothing to share
  });
});
