/**
 * Exact minimum pairwise squared distance of an integer point set.
 *
 * All N(N-1)/2 distances are first computed in float64, which is cheap; the exact minimum is then
 * found with `bigint` among the few pairs whose float distance is within a relative 1e-9 of the
 * float minimum. While every coordinate is below 2^50 in magnitude, a coordinate difference is exact
 * in float64 and the float sum of 11 squares has relative error below 1e-14, so the exact minimum
 * pair is always among those candidates. Larger coordinates take the all-`bigint` path.
 */

/** Coordinates up to this magnitude use the float pre-filter. */
const FLOAT_SAFE_COORDINATE = 2n ** 50n;
/** Relative slack of the pre-filter: far above float64's error on these sums (< 1e-14). */
const FILTER_SLACK = 1e-9;

export interface MinPair {
  /** The exact minimum of ||x_i - x_j||^2 over i < j. */
  value: bigint;
  /** The first pair (lexicographically smallest i, then j) that reaches it. */
  pair: [number, number];
}

/** Exact ||a - b||^2 of two points of the same dimension d. */
export function exactSquaredDistance(a: readonly bigint[], b: readonly bigint[]): bigint {
  let sum = 0n;
  for (let k = 0; k < a.length; k++) {
    const diff = a[k] - b[k];
    sum += diff * diff;
  }
  return sum;
}

/** Exact ||a||^2. */
export function exactSquaredNorm(a: readonly bigint[]): bigint {
  let sum = 0n;
  for (const x of a) sum += x * x;
  return sum;
}

function minPairAllBigint(points: readonly (readonly bigint[])[]): MinPair {
  let best: MinPair | null = null;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const d = exactSquaredDistance(points[i], points[j]);
      if (best === null || d < best.value) best = { value: d, pair: [i, j] };
    }
  }
  return best!;
}

/**
 * Exact minimum pairwise squared distance of `points`, shape (N, d) with N >= 2.
 * Cost: N(N-1)/2 float distances plus a handful of exact ones.
 */
export function minPairwiseSquaredDistance(points: readonly (readonly bigint[])[]): MinPair {
  const n = points.length;
  if (n < 2) throw new RangeError(`minPairwiseSquaredDistance needs at least 2 points, got ${n}`);
  const d = points[0].length;
  const fits = points.every((p) => p.every((x) => x < FLOAT_SAFE_COORDINATE && x > -FLOAT_SAFE_COORDINATE));
  if (!fits) return minPairAllBigint(points);

  // (N, d) row-major float copy.
  const flat = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) flat[i * d + k] = Number(points[i][k]);

  // Pass 1: float distances of all pairs, (N(N-1)/2,), in (i, j>i) order, and their minimum.
  const approx = new Float64Array((n * (n - 1)) / 2);
  let approxMin = Number.POSITIVE_INFINITY;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = flat[oi + k] - flat[oj + k];
        s += diff * diff;
      }
      approx[t++] = s;
      if (s < approxMin) approxMin = s;
    }
  }

  // Pass 2: exact distances of the candidate pairs only.
  const threshold = approxMin * (1 + FILTER_SLACK);
  let best: MinPair | null = null;
  t = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (approx[t++] > threshold) continue;
      const exact = exactSquaredDistance(points[i], points[j]);
      if (best === null || exact < best.value) best = { value: exact, pair: [i, j] };
    }
  }
  return best!;
}
