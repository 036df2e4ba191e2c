const PLAIN_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?$/;
const FRACTION = /^([+-])?(?:\\frac\{([+-]?\d+)\}\{([+-]?\d+)\}|(\d+)\/(\d+))$/;

/**
 * The value of a plain number literal: `42`, `-3.5`, `.5`, `1,000` (well-formed thousands commas only),
 * `1e6`, `2.50`; `null` for anything else (`1,2`, `x`, `\frac{1}{2}`, `1/2`, ``).
 *
 * @param s a normalized answer element (no spaces)
 */
export function parseNumberLiteral(s: string): number | null {
  if (s.length === 0 || s.length > 64 || !PLAIN_NUMBER.test(s) || !/\d/.test(s)) return null;
  const value = Number(s.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

/** True when `s` is a number literal whose value is an integer (`12`, `12.0`, `1e6`, `1,000`): `_str_is_int`. */
export function isIntegerLiteral(s: string): boolean {
  const v = parseNumberLiteral(s);
  return v !== null && Math.abs(v - Math.round(v)) <= 1e-7;
}

/** A fraction of two integers as written: sign, numerator and denominator (not reduced). */
export interface WrittenFraction {
  numerator: bigint;
  denominator: bigint;
}

/**
 * `\frac{a}{b}` or `a/b` with integer `a`, `b` (an optional leading sign), as written; `null` otherwise.
 * The sign is folded into the numerator, so `-\frac{1}{2}`, `\frac{-1}{2}` and `\frac{1}{-2}` are the same.
 */
export function parseWrittenFraction(s: string): WrittenFraction | null {
  const m = FRACTION.exec(s);
  if (!m) return null;
  let numerator = BigInt(m[2] ?? m[4]);
  let denominator = BigInt(m[3] ?? m[5]);
  if (denominator === 0n) return null;
  if (m[1] === '-') numerator = -numerator;
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  return { numerator, denominator };
}

/** Equal within a relative tolerance (absolute near zero): `|a - b| <= tol * max(1, |a|, |b|)`. */
export function numbersClose(a: number, b: number, tolerance = 1e-9): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}
