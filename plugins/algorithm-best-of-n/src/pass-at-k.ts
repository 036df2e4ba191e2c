import { ReasonrlError } from '@reasonrl/core';

/** One graded sample as pass@N / Best@N see it. */
export interface ScoredSample {
  /** 1 when the answer is correct. */
  answerReward: number;
  /** Mean token log-probability of the sample (-Infinity when it has no tokens). */
  meanLogProb: number;
}

/**
 * The unbiased pass@k estimator (Chen et al. 2021, Codex): with n samples of which c are correct,
 * pass@k = 1 - C(n-c, k) / C(n, k), computed stably as 1 - prod_{i=n-c+1}^{n} (1 - k / i).
 * @throws ReasonrlError PASS_AT_K_INVALID unless 0 <= c <= n and 1 <= k <= n
 */
export function passAtK(n: number, c: number, k: number): number {
  if (
    !(
      Number.isInteger(n) &&
      Number.isInteger(c) &&
      Number.isInteger(k) &&
      c >= 0 &&
      c <= n &&
      k >= 1 &&
      k <= n
    )
  ) {
    throw new ReasonrlError(
      'PASS_AT_K_INVALID',
      `pass@k needs integers 0 <= c <= n and 1 <= k <= n, got n=${n} c=${c} k=${k}`,
    );
  }
  if (n - c < k) return 1;
  let prodFail = 1;
  for (let i = n - c + 1; i <= n; i++) prodFail *= 1 - k / i;
  return 1 - prodFail;
}

const isCorrect = (s: ScoredSample) => s.answerReward >= 0.5;

function firstN(samples: readonly ScoredSample[], n: number): readonly ScoredSample[] {
  if (samples.length < n)
    throw new ReasonrlError('PASS_AT_K_INVALID', `need ${n} samples per prompt, got ${samples.length}`);
  return samples.slice(0, n);
}

/** pass@N of one prompt: 1 when any of its first N samples is correct. */
export function passAtN(samples: readonly ScoredSample[], n: number): number {
  return firstN(samples, n).some(isCorrect) ? 1 : 0;
}

/**
 * Best@N of one prompt: the grade of the one sample, among the first N, with the highest mean token
 * log-probability (the first such sample on ties). Best@1 = pass@1 by construction.
 */
export function bestAtN(samples: readonly ScoredSample[], n: number): number {
  const first = firstN(samples, n);
  let best = 0;
  for (let i = 1; i < first.length; i++) if (first[i].meanLogProb > first[best].meanLogProb) best = i;
  return isCorrect(first[best]) ? 1 : 0;
}

/** One point of the curves: means over prompts. */
export interface BestOfNPoint {
  n: number;
  passAtN: number;
  bestAtN: number;
  /** The unbiased pass@k (k = n) estimated from all samples of each prompt. */
  passAtKUnbiased: number;
}

/** pass@N, Best@N and unbiased pass@k for each N, averaged over prompts (each with >= max N samples). */
export function bestOfNCurves(
  prompts: readonly (readonly ScoredSample[])[],
  ns: readonly number[],
): BestOfNPoint[] {
  if (prompts.length === 0) throw new ReasonrlError('PASS_AT_K_INVALID', 'no prompts to score');
  const mean = (f: (s: readonly ScoredSample[]) => number) =>
    prompts.reduce((a, s) => a + f(s), 0) / prompts.length;
  return [...ns]
    .sort((a, b) => a - b)
    .map((n) => ({
      n,
      passAtN: mean((s) => passAtN(s, n)),
      bestAtN: mean((s) => bestAtN(s, n)),
      passAtKUnbiased: mean((s) => passAtK(s.length, s.filter(isCorrect).length, n)),
    }));
}
