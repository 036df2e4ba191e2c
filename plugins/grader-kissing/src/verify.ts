import { exactSquaredNorm, minPairwiseSquaredDistance } from './pairwise.js';
import { type ExactPoints, parsePoints } from './parse-points.js';

/** Why a configuration was rejected; stable codes for programs, `message` for people (and models). */
export type KissingFailureCode =
  | 'PARSE'
  | 'NON_INTEGER'
  | 'TOO_FEW_POINTS'
  | 'WRONG_DIMENSION'
  | 'ZERO_VECTOR'
  | 'DUPLICATE_POINTS'
  | 'DISTANCE_TOO_SMALL';

export interface KissingFailure {
  code: KissingFailureCode;
  message: string;
  /** The offending pair (0-based indices), for DUPLICATE_POINTS and DISTANCE_TOO_SMALL. */
  pair?: [number, number];
  /** The offending point (0-based), for WRONG_DIMENSION, NON_INTEGER and ZERO_VECTOR. */
  point?: number;
}

/**
 * The verifier's report. Big integers are decimal strings so the report is plain JSON (it goes into
 * conversation logs and grader metadata); `BigInt(report.maxSquaredNorm)` gives the exact value back.
 */
export interface KissingReport {
  valid: boolean;
  /** 1 when valid, else 0 (HW3's `validity`). */
  validity: 0 | 1;
  /** N, the number of points read (also for invalid sets, when they could be read). */
  numPoints: number;
  /** The dimension the set was checked against. */
  dimension: number;
  /** max_x ||x||^2, exact, when the points could be read and have the right dimension. */
  maxSquaredNorm: string | null;
  /** min_{x != y} ||x - y||^2, exact, when it was computed. */
  minSquaredDistance: string | null;
  /** The pair reaching `minSquaredDistance`. */
  minDistancePair: [number, number] | null;
  failure: KissingFailure | null;
  /** One line: the verdict as a model should read it (fed back in the discovery loop). */
  message: string;
}

export interface VerifyOptions {
  /** Required dimension d of every point (HW3: 11). */
  dimension?: number;
}

/** Points as a caller may hold them: exact `bigint`s, safe integers, or decimal strings; shape (N, d). */
export type PointsInput = readonly (readonly (bigint | number | string)[])[];

function reject(
  base: Pick<KissingReport, 'numPoints' | 'dimension'> & Partial<KissingReport>,
  failure: KissingFailure,
): KissingReport {
  return {
    maxSquaredNorm: null,
    minSquaredDistance: null,
    minDistancePair: null,
    ...base,
    valid: false,
    validity: 0,
    failure,
    message: `invalid: ${failure.message}`,
  };
}

/** Convert caller input to exact integers, or say which coordinate is not an integer. */
function toExact(points: PointsInput): { points: ExactPoints } | { failure: KissingFailure } {
  const out: ExactPoints = [];
  for (let i = 0; i < points.length; i++) {
    const row = points[i];
    if (!Array.isArray(row)) {
      return { failure: { code: 'PARSE', point: i, message: `point ${i} is not an array of coordinates` } };
    }
    const exact: bigint[] = [];
    for (let k = 0; k < row.length; k++) {
      const x = row[k];
      if (typeof x === 'bigint') exact.push(x);
      else if (typeof x === 'number' && Number.isSafeInteger(x)) exact.push(BigInt(x));
      else if (typeof x === 'string' && /^\s*-?(0|[1-9][0-9]*)\s*$/.test(x)) exact.push(BigInt(x.trim()));
      else {
        const why =
          typeof x === 'number' && Number.isInteger(x)
            ? `${x} is beyond 2^53 and may have been rounded (pass a bigint or a decimal string)`
            : `${String(x)} is not an integer`;
        return { failure: { code: 'NON_INTEGER', point: i, message: `point ${i}, coordinate ${k}: ${why}` } };
      }
    }
    out.push(exact);
  }
  return { points: out };
}

/**
 * Check HW3's kissing condition on a set C of integer points in Z^d: 0 not in C, |C| >= 2, no
 * duplicates, and min_{x != y} ||x - y|| >= max_x ||x||; then unit spheres centred at 2x/||x||
 * all touch the central unit sphere without overlapping, so tau_d >= |C|. All arithmetic is exact.
 *
 * @param points shape (N, d): `bigint`s, safe integers or decimal strings; or JSON text (see `parsePoints`).
 */
export function verifyKissingConfiguration(
  points: PointsInput | string,
  options: VerifyOptions = {},
): KissingReport {
  const dimension = options.dimension ?? 11;
  let exact: ExactPoints;
  if (typeof points === 'string') {
    const parsed = parsePoints(points);
    if (!parsed.ok)
      return reject({ numPoints: 0, dimension }, { code: parsed.code, message: parsed.message });
    exact = parsed.points;
  } else {
    if (!Array.isArray(points)) {
      return reject({ numPoints: 0, dimension }, { code: 'PARSE', message: 'expected an array of points' });
    }
    const converted = toExact(points);
    if ('failure' in converted) return reject({ numPoints: points.length, dimension }, converted.failure);
    exact = converted.points;
  }
  const numPoints = exact.length;
  const base = { numPoints, dimension };

  if (numPoints < 2) {
    return reject(base, { code: 'TOO_FEW_POINTS', message: `need at least 2 points, got ${numPoints}` });
  }
  for (let i = 0; i < numPoints; i++) {
    if (exact[i].length !== dimension) {
      return reject(base, {
        code: 'WRONG_DIMENSION',
        point: i,
        message: `point ${i} has ${exact[i].length} coordinates, expected ${dimension}`,
      });
    }
  }
  const norms = exact.map(exactSquaredNorm);
  let maxNorm = 0n;
  for (let i = 0; i < numPoints; i++) {
    if (norms[i] === 0n)
      return reject(base, { code: 'ZERO_VECTOR', point: i, message: `point ${i} is the zero vector` });
    if (norms[i] > maxNorm) maxNorm = norms[i];
  }
  const withNorm = { ...base, maxSquaredNorm: maxNorm.toString() };

  const firstSeen = new Map<string, number>();
  for (let i = 0; i < numPoints; i++) {
    const key = exact[i].join(',');
    const j = firstSeen.get(key);
    if (j !== undefined) {
      return reject(withNorm, {
        code: 'DUPLICATE_POINTS',
        pair: [j, i],
        message: `points ${j} and ${i} are the same point [${key}]`,
      });
    }
    firstSeen.set(key, i);
  }

  const min = minPairwiseSquaredDistance(exact);
  const withMin = { ...withNorm, minSquaredDistance: min.value.toString(), minDistancePair: min.pair };
  if (min.value < maxNorm) {
    const [i, j] = min.pair;
    return reject(withMin, {
      code: 'DISTANCE_TOO_SMALL',
      pair: min.pair,
      message: `minimum squared distance ${min.value} < maximum squared norm ${maxNorm} (points ${i} and ${j}: [${exact[i].join(', ')}] and [${exact[j].join(', ')}])`,
    });
  }
  return {
    ...withMin,
    valid: true,
    validity: 1,
    failure: null,
    message: `valid: ${numPoints} points in dimension ${dimension}; minimum squared distance ${min.value} >= maximum squared norm ${maxNorm}`,
  };
}
