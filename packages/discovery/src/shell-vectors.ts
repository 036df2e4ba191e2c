/**
 * All integer vectors of Z^d with squared norm exactly `r` (a "shell"), as a flat Int32Array of
 * shape (M, d). The baseline searches for kissing sets on one shell: there every point has the same
 * norm, so the HW3 condition min ||x - y|| >= max ||x|| becomes <x, y> <= r/2 for every pair.
 */
export function shellVectors(r: number, d: number): { count: number; data: Int32Array } {
  if (!Number.isInteger(r) || r < 1)
    throw new RangeError(`shellVectors: r must be a positive integer, got ${r}`);
  if (!Number.isInteger(d) || d < 1)
    throw new RangeError(`shellVectors: d must be a positive integer, got ${d}`);
  const rows: number[][] = [];
  const v = new Array<number>(d).fill(0);
  const bound = Math.floor(Math.sqrt(r));
  const walk = (k: number, left: number) => {
    if (k === d) {
      if (left === 0) rows.push([...v]);
      return;
    }
    for (let x = -bound; x <= bound; x++) {
      const sq = x * x;
      if (sq > left) continue;
      v[k] = x;
      walk(k + 1, left - sq);
    }
    v[k] = 0;
  };
  walk(0, r);
  const data = new Int32Array(rows.length * d);
  for (const [i, row] of rows.entries()) data.set(row, i * d);
  return { count: rows.length, data };
}
