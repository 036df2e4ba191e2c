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
 * Split `prompts` x `n` rows among at most `workers` workers: contiguous runs of whole prompts when there are at
 * least as many prompts as workers, else each prompt's samples among the workers it gets (a prompt is then
 * prefilled once per share). With `cost` (one number per prompt, e.g. its tokens + maxTokens: what its rows read
 * at each step grows with it), the runs' costs are as even as contiguous runs allow; without, their sizes differ by
 * at most one. Shares are in row order; none is empty; at most `workers` of them.
 */
export function splitRows(prompts: number, n: number, workers: number, cost?: readonly number[]): RowShare[] {
  if (prompts <= 0 || n <= 0) return [];
  const W = Math.max(1, Math.floor(workers));
  const shares: RowShare[] = [];
  if (prompts >= W) {
    const ends = cost ? balancedEnds(cost.slice(0, prompts), W) : evenEnds(prompts, W);
    let from = 0;
    for (const end of ends) {
      shares.push({ promptFrom: from, promptCount: end - from, sampleFrom: 0, sampleCount: n });
      from = end;
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

/** Ends of `W` contiguous runs over `P` items, sizes differing by at most one. */
function evenEnds(P: number, W: number): number[] {
  const ends: number[] = [];
  let end = 0;
  for (let w = 0; w < W; w++) {
    end += Math.floor(P / W) + (w < P % W ? 1 : 0);
    ends.push(end);
  }
  return ends;
}

/**
 * Ends of `W` non-empty contiguous runs over the items whose running cost is nearest each k/W of the total (each
 * boundary placed after the previous one, leaving at least one item per later run).
 */
function balancedEnds(cost: readonly number[], W: number): number[] {
  const P = cost.length;
  const before = [0];
  for (const c of cost) before.push(before[before.length - 1] + Math.max(0, c));
  const total = before[P];
  const ends: number[] = [];
  let prev = 0;
  for (let w = 1; w < W; w++) {
    const target = (total * w) / W;
    let best = prev + 1;
    for (let e = prev + 1; e <= P - (W - w); e++)
      if (Math.abs(before[e] - target) < Math.abs(before[best] - target)) best = e;
    ends.push(best);
    prev = best;
  }
  ends.push(P);
  return ends;
}
