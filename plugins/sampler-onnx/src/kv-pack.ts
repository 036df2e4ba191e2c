/** One row to place in a packed KV tensor: row `row` of `data`, laid out (rows, heads, width, headDim). */
export interface KvRowSource {
  data: Float32Array;
  /** Width (sequence slots) of `data`. */
  width: number;
  row: number;
  /** Real tokens of this row: they occupy the last `length` slots of its source (right-aligned). */
  length: number;
}

/**
 * Pack rows of one layer's key (or value) cache into a new (R, heads, width, headDim) tensor, each row right-aligned
 * (left-padded with zeros): output row i holds the last `sources[i].length` slots of its source in its last slots.
 * This is how rows of different lengths share one batch, how finished rows leave it (pack the survivors), and how the
 * width shrinks to the longest surviving row.
 */
export function packKvRows(
  sources: readonly KvRowSource[],
  heads: number,
  headDim: number,
  width: number,
): Float32Array {
  const out = new Float32Array(sources.length * heads * width * headDim);
  sources.forEach((src, i) => {
    if (src.length > width || src.length > src.width) {
      throw new Error(
        `packKvRows: row ${i} has ${src.length} tokens but the target width is ${width} and its source width ${src.width}`,
      );
    }
    const need = (src.row + 1) * heads * src.width * headDim;
    if (src.data.length < need)
      throw new Error(
        `packKvRows: source of row ${i} has ${src.data.length} values, row ${src.row} needs ${need}`,
      );
    for (let h = 0; h < heads; h++) {
      const from = ((src.row * heads + h) * src.width + (src.width - src.length)) * headDim;
      const to = ((i * heads + h) * width + (width - src.length)) * headDim;
      out.set(src.data.subarray(from, from + src.length * headDim), to);
    }
  });
  return out;
}
