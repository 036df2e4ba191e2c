import type { Tensor } from '@tensorflow/tfjs-core';
import { RlMathError } from './errors.js';

/** `(2, 10)` for shape [2, 10]; `()` for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Throws unless `b` has exactly the shape of `a`, naming both arguments and both shapes. */
export function assertSameShape(where: string, aName: string, a: Tensor, bName: string, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `${where}: ${bName} has shape ${formatShape(b.shape)} but ${aName} has shape ${formatShape(a.shape)}; expected equal shapes`,
    );
  }
}

/** Throws unless `t` has rank `rank`, e.g. `policyLogProbs` must be (B, T). */
export function assertRank(where: string, name: string, t: Tensor, rank: number, layout: string): void {
  if (t.rank !== rank) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `${where}: ${name} has shape ${formatShape(t.shape)}; expected ${layout} (rank ${rank})`,
    );
  }
}

/**
 * Throws unless `perSequence` is (B, 1) for the (B, T) `perToken` tensor: rewards and advantages
 * hold one value per rollout and broadcast over its tokens.
 */
export function assertPerSequence(
  where: string,
  name: string,
  perSequence: Tensor,
  tokensName: string,
  perToken: Tensor,
): void {
  assertRank(where, tokensName, perToken, 2, '(B, T)');
  const [b] = perToken.shape;
  if (!sameShape(perSequence.shape, [b, 1])) {
    throw new RlMathError(
      'SHAPE_MISMATCH',
      `${where}: ${name} has shape ${formatShape(perSequence.shape)} but ${tokensName} has shape ${formatShape(perToken.shape)}; expected ${name} of shape (B, 1) = ${formatShape([b, 1])}`,
    );
  }
}

/** Resolves `dim` (negative counts from the end) against a rank, or throws naming the range. */
export function resolveDim(where: string, dim: number, rank: number): number {
  if (!Number.isInteger(dim) || dim < -rank || dim >= rank) {
    throw new RlMathError(
      'INVALID_ARGUMENT',
      `${where}: dim ${dim} is out of range for a tensor of rank ${rank}; expected an integer in [${-rank}, ${rank - 1}] or null`,
    );
  }
  return dim < 0 ? dim + rank : dim;
}

/** Throws unless `value` is a finite number satisfying `ok`, describing the expectation. */
export function assertNumber(
  where: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  expected: string,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new RlMathError('INVALID_ARGUMENT', `${where}: ${name} is ${String(value)}; expected ${expected}`);
  }
}
