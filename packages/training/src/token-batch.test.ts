import { describe, expect, it } from 'vitest';
import { buildTokenBatch, sliceRows } from './token-batch.js';

describe('buildTokenBatch', () => {
  it('concatenates, pads and shifts like tokenize_prompt_and_output (worked by hand)', () => {
    // full rows: [1,2,3,4] (prompt 1,2) and [5,6,7] (prompt 5) padded with 0 -> [5,6,7,0]
    const b = buildTokenBatch(
      [[1, 2], [5]],
      [
        [3, 4],
        [6, 7],
      ],
      0,
    );
    expect(b.inputIds).toEqual([
      [1, 2, 3],
      [5, 6, 7],
    ]);
    expect(b.labels).toEqual([
      [2, 3, 4],
      [6, 7, 0],
    ]);
    expect(b.responseMask).toEqual([
      [0, 1, 1],
      [1, 1, 0],
    ]);
  });

  it('names mismatched inputs', () => {
    expect(() => buildTokenBatch([[1]], [], 0)).toThrow('buildTokenBatch: 1 prompts but 0 responses');
    expect(() => buildTokenBatch([[]], [[1]], 0)).toThrow('prompt 0 has no tokens');
  });
});

describe('sliceRows', () => {
  it('takes rows and per-row extras and trims all-padding columns', () => {
    const b = {
      ...buildTokenBatch([[1], [1, 2, 3, 4]], [[2], [5]], 0),
      advantages: [0.5, -0.5],
      oldLogProbs: [
        [-1, -1, -1, -1],
        [-2, -2, -2, -2],
      ],
    };
    const s = sliceRows(b, 0, 1);
    expect(s).toEqual({
      inputIds: [[1]],
      labels: [[2]],
      responseMask: [[1]],
      advantages: [0.5],
      oldLogProbs: [[-1]],
    });
  });
});
