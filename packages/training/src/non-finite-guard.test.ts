import { describe, expect, it } from 'vitest';
import { assertFiniteMetrics, NonFiniteError } from './non-finite-guard.js';

describe('assertFiniteMetrics', () => {
  it('passes finite metrics and ignores unguarded NaNs', () => {
    expect(() => assertFiniteMetrics(3, { loss: 0.1, grad_norm: 2, reward_std: Number.NaN })).not.toThrow();
  });

  it('names the step, the metric and the kept checkpoint', () => {
    let err: unknown;
    try {
      assertFiniteMetrics(
        7,
        { loss: 1, grad_norm: Number.POSITIVE_INFINITY },
        { lastCheckpoint: '/r/checkpoints/step-00000006' },
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    const e = err as NonFiniteError;
    expect([e.step, e.metric, e.value, e.code]).toEqual([
      7,
      'grad_norm',
      Number.POSITIVE_INFINITY,
      'NON_FINITE',
    ]);
    expect(e.message).toBe(
      "step 7: metric 'grad_norm' is Infinity; the run stops here and the last good checkpoint is kept at /r/checkpoints/step-00000006 (resume from the run directory with --resume)",
    );
  });

  it('checks extra metrics when asked', () => {
    expect(() => assertFiniteMetrics(1, { token_entropy: Number.NaN }, { extra: ['token_entropy'] })).toThrow(
      /step 1: metric 'token_entropy' is NaN; the run stops here and no checkpoint was written/,
    );
  });
});
