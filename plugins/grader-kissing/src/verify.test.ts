import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePoints } from './parse-points.js';
import { verifyKissingConfiguration } from './verify.js';

const DATASET = fileURLToPath(
  new URL('../../../../shared/datasets/kissing11/alphaevolve_593.json', import.meta.url),
);
const text593 = readFileSync(DATASET, 'utf8');
const parsed = parsePoints(text593);
if (!parsed.ok) throw new Error(`cannot read ${DATASET}: ${parsed.message}`);
const points593 = parsed.points;

/** e_k scaled by s in Z^11. */
function axis(k: number, s: number): number[] {
  const v = new Array(11).fill(0);
  v[k] = s;
  return v;
}

describe('verifyKissingConfiguration on the AlphaEvolve 593-point set', () => {
  it('accepts it, with the exact extremes stated in SOURCE.md', () => {
    const report = verifyKissingConfiguration(points593);
    expect(report.failure).toBeNull();
    expect(report.valid).toBe(true);
    expect(report.validity).toBe(1);
    expect(report.numPoints).toBe(593);
    // Values from shared/datasets/kissing11/SOURCE.md (checked there with exact integers).
    expect(report.maxSquaredNorm).toBe('100000000000016749244727635');
    expect(report.minSquaredDistance).toBe('100000000000048393639962590');
  });

  it('reads the dataset file text itself (decimal strings inside {"points": ...})', () => {
    expect(verifyKissingConfiguration(text593).valid).toBe(true);
  });

  it('rejects it after point 0 is moved next to point 1, naming the pair', () => {
    const moved = points593.map((p) => [...p]);
    moved[0] = [...points593[1]];
    moved[0][0] += 1n; // now ||x0 - x1||^2 = 1 exactly
    // Max norm by a plain loop (independent of the verifier's code path).
    let max = 0n;
    for (const p of moved) {
      let s = 0n;
      for (const x of p) s += x * x;
      if (s > max) max = s;
    }
    const report = verifyKissingConfiguration(moved);
    expect(report.valid).toBe(false);
    expect(report.validity).toBe(0);
    expect(report.failure?.code).toBe('DISTANCE_TOO_SMALL');
    expect(report.failure?.pair).toEqual([0, 1]);
    expect(report.minSquaredDistance).toBe('1');
    expect(report.maxSquaredNorm).toBe(max.toString());
    expect(report.message).toContain(`minimum squared distance 1 < maximum squared norm ${max}`);
    expect(report.message).toContain('points 0 and 1');
  });

  it('rejects it when one point is pushed out so its norm exceeds the minimum distance', () => {
    const moved = points593.map((p) => [...p]);
    moved[5] = moved[5].map((x) => x * 2n); // norm^2 grows 4x, far beyond any pairwise distance^2 of the rest
    const report = verifyKissingConfiguration(moved);
    expect(report.failure?.code).toBe('DISTANCE_TOO_SMALL');
    let norm5 = 0n;
    for (const x of moved[5]) norm5 += x * x;
    expect(report.maxSquaredNorm).toBe(norm5.toString());
  });
});

describe('verifyKissingConfiguration on small sets worked out by hand', () => {
  it('accepts two D11 roots: ||(1,1,0..)-(1,-1,0..)||^2 = 4 >= 2', () => {
    const a = axis(0, 1);
    a[1] = 1;
    const b = axis(0, 1);
    b[1] = -1;
    const report = verifyKissingConfiguration([a, b]);
    expect(report.valid).toBe(true);
    expect(report.maxSquaredNorm).toBe('2');
    expect(report.minSquaredDistance).toBe('4');
  });

  it('rejects (2,0,..) with (1,1,0,..): distance^2 2 < norm^2 4, naming the pair', () => {
    const b = axis(0, 1);
    b[1] = 1;
    const report = verifyKissingConfiguration([axis(0, 2), b, axis(2, -2)]);
    expect(report.failure?.code).toBe('DISTANCE_TOO_SMALL');
    expect(report.failure?.pair).toEqual([0, 1]);
    expect(report.message).toBe(
      'invalid: minimum squared distance 2 < maximum squared norm 4 (points 0 and 1: [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] and [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])',
    );
  });

  it('accepts distance^2 exactly equal to the max norm^2 (the condition is >=)', () => {
    // (1,1,0..) and (0,1,1,0..): distance^2 = 2 = norm^2.
    const a = axis(0, 1);
    a[1] = 1;
    const b = axis(1, 1);
    b[2] = 1;
    expect(verifyKissingConfiguration([a, b]).valid).toBe(true);
  });

  it('rejects a zero vector', () => {
    const report = verifyKissingConfiguration([axis(0, 1), new Array(11).fill(0), axis(1, 1)]);
    expect(report.failure).toMatchObject({ code: 'ZERO_VECTOR', point: 1 });
    expect(report.message).toBe('invalid: point 1 is the zero vector');
  });

  it('rejects the wrong dimension', () => {
    const report = verifyKissingConfiguration([axis(0, 1), [1, 0, 0]]);
    expect(report.failure).toMatchObject({ code: 'WRONG_DIMENSION', point: 1 });
    expect(report.message).toContain('point 1 has 3 coordinates, expected 11');
    expect(
      verifyKissingConfiguration(
        [
          [1, 0],
          [0, 1],
        ],
        { dimension: 2 },
      ).valid,
    ).toBe(true);
  });

  it('rejects non-integers in arrays and in JSON text', () => {
    const half = axis(0, 1) as (number | string)[];
    half[3] = 0.5;
    expect(verifyKissingConfiguration([axis(1, 1), half]).failure).toMatchObject({
      code: 'NON_INTEGER',
      point: 1,
    });
    const textual = `[[${axis(0, 1).join(',')}],[1.5,${new Array(10).fill(0).join(',')}]]`;
    const report = verifyKissingConfiguration(textual);
    expect(report.failure?.code).toBe('NON_INTEGER');
    expect(report.message).toContain('point 1, coordinate 0: 1.5 is not an integer');
    expect(verifyKissingConfiguration(`[[1e3${',0'.repeat(10)}],[${axis(1, 1)}]]`).failure?.code).toBe(
      'NON_INTEGER',
    );
    expect(verifyKissingConfiguration([axis(0, 1), ['abc', ...new Array(10).fill(0)]]).failure?.code).toBe(
      'NON_INTEGER',
    );
  });

  it('refuses unsafe JS numbers but reads big integer literals in text exactly', () => {
    const big = axis(0, 1) as number[];
    big[0] = 2 ** 60;
    expect(verifyKissingConfiguration([axis(1, 1), big]).message).toContain('beyond 2^53');
    // 2^60 + 1 is not a float64; as text it is read exactly, and (2^60+1, 0..) vs (2^60, 0..) are distinct.
    const text = `[[1152921504606846977${',0'.repeat(10)}],[1152921504606846976${',0'.repeat(10)}]]`;
    const report = verifyKissingConfiguration(text);
    expect(report.failure?.code).toBe('DISTANCE_TOO_SMALL');
    expect(report.minSquaredDistance).toBe('1');
    expect(report.maxSquaredNorm).toBe(((2n ** 60n + 1n) ** 2n).toString());
  });

  it('rejects single points and empty sets', () => {
    expect(verifyKissingConfiguration([axis(0, 1)]).failure?.code).toBe('TOO_FEW_POINTS');
    expect(verifyKissingConfiguration([axis(0, 1)]).message).toBe('invalid: need at least 2 points, got 1');
    expect(verifyKissingConfiguration('[]').failure?.code).toBe('TOO_FEW_POINTS');
  });

  it('rejects duplicate points, naming both', () => {
    const report = verifyKissingConfiguration([axis(0, 2), axis(1, 2), axis(0, 2)]);
    expect(report.failure).toMatchObject({ code: 'DUPLICATE_POINTS', pair: [0, 2] });
  });

  it('rejects text that is not a point list', () => {
    for (const bad of ['', 'hello', '[[1,2]', '{"x": 1}', '[1, 2]', '[[1,2]] trailing', 'null']) {
      const report = verifyKissingConfiguration(bad);
      expect(report.valid, bad).toBe(false);
      expect(report.failure?.code, bad).toBe('PARSE');
    }
  });
});
