import { describe, expect, it } from 'vitest';
import { extractProgram } from './extract-program.js';

describe('extractProgram', () => {
  it('takes the last fenced block in an allowed language', () => {
    const answer = 'First try:\n```js\nprint(1)\n```\nBetter:\n```javascript\nprint(2)\n```\nDone.';
    expect(extractProgram(answer)).toEqual({ language: 'javascript', source: 'print(2)\n' });
  });

  it('reads untagged blocks as the first allowed language and skips other languages', () => {
    expect(extractProgram('```\nprint(3)\n```')).toEqual({ language: 'javascript', source: 'print(3)\n' });
    expect(extractProgram('```python\nprint(4)\n```')).toBeNull();
    expect(extractProgram('```python\nprint(4)\n```', ['javascript', 'python'])).toEqual({
      language: 'python',
      source: 'print(4)\n',
    });
  });

  it('returns null without a complete block', () => {
    expect(extractProgram('The kissing number is 593.')).toBeNull();
    expect(extractProgram('```js\nprint(1)')).toBeNull();
  });
});
