import { describe, expect, it } from 'vitest';
import { packKvRows } from './kv-pack.js';

describe('packKvRows', () => {
  // source: 2 rows, 1 head, width 3, headDim 2; value = 10*row + slot (both dims), row 1 has 2 real tokens
  const src = Float32Array.from([0, 0, 1, 1, 2, 2, 10, 10, 11, 11, 12, 12]);

  it('right-aligns rows of different lengths and left-pads with zeros', () => {
    const out = packKvRows(
      [
        { data: src, width: 3, row: 1, length: 2 },
        { data: src, width: 3, row: 0, length: 3 },
      ],
      1,
      2,
      4,
    );
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 11, 11, 12, 12, 0, 0, 0, 0, 1, 1, 2, 2]);
  });

  it('shrinks the width to the longest row kept, per head', () => {
    const twoHeads = Float32Array.from({ length: 1 * 2 * 3 * 1 }, (_, i) => i); // (1, 2, 3, 1)
    const out = packKvRows([{ data: twoHeads, width: 3, row: 0, length: 2 }], 2, 1, 2);
    expect(Array.from(out)).toEqual([1, 2, 4, 5]);
  });

  it('rejects a row longer than the target width', () => {
    expect(() => packKvRows([{ data: src, width: 3, row: 0, length: 3 }], 1, 2, 2)).toThrow(
      /row 0 has 3 tokens/,
    );
  });
});
