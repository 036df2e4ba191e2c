/**
 * How the rows of a static decode batch are split into buckets of their own capacity (`rowBuckets` in
 * `@reasonrl/onnx-qwen`): rows whose own tokens (after the shared prefix) are few should not reserve as many slots
 * as the longest row, since every step reads a row's whole capacity, masked slots included.
 */
export interface RowBucketPlan {
  /** The most own tokens of a row joining bucket k, ascending; the last is the longest row of the plan. */
  limits: number[];
  /** Rows of the plan in bucket k (each row joins the first bucket whose limit it fits). */
  rows: number[];
}

/**
 * Split rows with `own` tokens each into at most `buckets` buckets, choosing the limits that minimise the slots a
 * step reads, sum over buckets of rows_k * (limit_k + `reserve`) (`reserve`: the slots each row keeps for its new
 * tokens). Exact, by dynamic programming over the distinct lengths (O(buckets * distinct^2)).
 */
export function planRowBuckets(own: readonly number[], buckets: number, reserve: number): RowBucketPlan {
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new Error(`planRowBuckets: buckets must be >= 1, got ${buckets}`);
  if (own.length === 0) throw new Error('planRowBuckets: no rows');
  const counts = new Map<number, number>();
  for (const n of own) counts.set(n, (counts.get(n) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => a - b); // distinct lengths, ascending
  const m = values.length;
  // rowsUpTo[j]: rows with the j shortest distinct lengths
  const rowsUpTo = [0];
  for (const v of values) rowsUpTo.push(rowsUpTo[rowsUpTo.length - 1] + counts.get(v)!);
  const K = Math.min(buckets, m);
  // best[k][j]: least slots for the j shortest distinct lengths in k buckets; from[k][j]: where the last one starts
  const best = Array.from({ length: K + 1 }, () => new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY));
  const from = Array.from({ length: K + 1 }, () => new Array<number>(m + 1).fill(0));
  best[0][0] = 0;
  for (let k = 1; k <= K; k++) {
    for (let j = 1; j <= m; j++) {
      for (let i = k - 1; i < j; i++) {
        const cost = best[k - 1][i] + (rowsUpTo[j] - rowsUpTo[i]) * (values[j - 1] + reserve);
        if (cost < best[k][j]) {
          best[k][j] = cost;
          from[k][j] = i;
        }
      }
    }
  }
  const limits: number[] = [];
  const rows: number[] = [];
  for (let k = K, j = m; k > 0; k--) {
    const i = from[k][j];
    limits.unshift(values[j - 1]);
    rows.unshift(rowsUpTo[j] - rowsUpTo[i]);
    j = i;
  }
  return { limits, rows };
}
