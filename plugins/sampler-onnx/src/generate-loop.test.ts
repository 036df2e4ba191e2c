import { describe, expect, it } from 'vitest';
import { commonPrefixLength } from './generate-loop.js';

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
