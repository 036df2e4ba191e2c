/**
 * The error every rl-math function raises on bad input. `code` is stable (tests match on it); the
 * message names the function, the argument and its shape, and what was expected. The fields match
 * `ReasonrlError` from `@reasonrl/core`, which this package does not import (it depends on tfjs only).
 */
export class RlMathError extends Error {
  readonly code: 'SHAPE_MISMATCH' | 'MISSING_ARGUMENT' | 'UNKNOWN_LOSS_TYPE' | 'INVALID_ARGUMENT';
  constructor(code: RlMathError['code'], message: string) {
    super(message);
    this.name = 'RlMathError';
    this.code = code;
  }
}
