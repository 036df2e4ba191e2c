/**
 * One worker's part of a generate call: the samples `[sampleFrom, sampleFrom + sampleCount)` of the prompts
 * `[promptFrom, promptFrom + promptCount)`. Either whole prompts (`sampleFrom` 0, `sampleCount` n) or, when there
 * are fewer prompts than workers, a range of one prompt's samples.
 */
export interface RowShare {
  promptFrom: number;
  promptCount: number;
  sampleFrom: number;
  sampleCount: number;
}

/**
 * Split `prompts` x `n` rows among at most `workers` workers: contiguous runs of whole prompts (sizes differing by at
 * most one) when there are at least as many prompts as workers, else each prompt's samples among the workers it gets
 * (a prompt is then prefilled once per share). Shares are in row order; none is empty; at most `workers` of them.
 */
export function splitRows(prompts: number, n: number, workers: number): RowShare[] {
  if (prompts <= 0 || n <= 0) return [];
  const W = Math.max(1, Math.floor(workers));
  const shares: RowShare[] = [];
  if (prompts >= W) {
    let from = 0;
    for (let w = 0; w < W; w++) {
      const count = Math.floor(prompts / W) + (w < prompts % W ? 1 : 0);
      shares.push({ promptFrom: from, promptCount: count, sampleFrom: 0, sampleCount: n });
      from += count;
    }
    return shares;
  }
  for (let p = 0; p < prompts; p++) {
    const parts = Math.min(n, Math.floor(W / prompts) + (p < W % prompts ? 1 : 0));
    let from = 0;
    for (let k = 0; k < parts; k++) {
      const count = Math.floor(n / parts) + (k < n % parts ? 1 : 0);
      shares.push({ promptFrom: p, promptCount: 1, sampleFrom: from, sampleCount: count });
      from += count;
    }
  }
  return shares;
}
