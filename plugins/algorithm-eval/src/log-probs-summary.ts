/** Summary of the log-probs of one response's tokens (natural log, under the sampling distribution). */
export interface LogProbsSummary {
  /** sum_t log p(y_t): log-probability of the whole response. */
  sum: number;
  /** sum / T: the mean token log-probability (what Best@N ranks by). */
  mean: number;
  /** The least likely token's log-probability. */
  min: number;
}

/**
 * Summarize the (T,) log-probs of one response; null when the sampler returned none or T = 0.
 */
export function summarizeLogProbs(logprobs: readonly number[] | undefined): LogProbsSummary | null {
  if (!logprobs || logprobs.length === 0) return null;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const lp of logprobs) {
    sum += lp;
    if (lp < min) min = lp;
  }
  return { sum, mean: sum / logprobs.length, min };
}
