import type { SeededRandom } from './rng.js';

/** Reused between calls: one (V,) float64 buffer instead of an allocation per row and step. */
let scratch = new Float64Array(0);

/** A chosen token and its log-probability under the model's raw distribution (temperature 1, no top-p). */
export interface TokenChoice {
  token: number;
  logprob: number;
}

/** log sum_v exp(logits[v]) for one row of logits (V,), computed stably in float64. */
export function logSumExp(logits: Float32Array): number {
  let max = -Infinity;
  for (let v = 0; v < logits.length; v++) if (logits[v] > max) max = logits[v];
  let sum = 0;
  for (let v = 0; v < logits.length; v++) sum += Math.exp(logits[v] - max);
  return max + Math.log(sum);
}

/**
 * Choose the next token from one row of logits (V,) with vLLM's semantics:
 * - `temperature` 0: greedy (argmax; the lowest id wins a tie, like `torch.argmax`);
 * - otherwise sample from softmax(logits / temperature), restricted to the nucleus when `topP` < 1: the smallest
 *   set of most likely tokens whose probability reaches `topP` (the token that crosses it is kept).
 * `banned` ids (EOS before `minTokens`) are never chosen. The returned `logprob` is log_softmax(logits)[token] of the
 * unmodified logits, which is what the trainer's `getResponseLogProbs` computes for the same token.
 */
export function sampleToken(
  logits: Float32Array,
  temperature: number,
  topP: number,
  rng: SeededRandom,
  banned: readonly number[] = [],
): TokenChoice {
  const V = logits.length;
  const isBanned = banned.length ? new Uint8Array(V) : undefined;
  if (isBanned) for (const id of banned) if (id >= 0 && id < V) isBanned[id] = 1;
  let best = -1;
  for (let v = 0; v < V; v++) {
    if (isBanned?.[v]) continue;
    if (best < 0 || logits[v] > logits[best]) best = v;
  }
  if (best < 0) throw new Error(`sampleToken: every one of the ${V} tokens is banned`);
  if (temperature === 0) return { token: best, logprob: logits[best] - logSumExp(logits) };

  const max = logits[best];
  if (scratch.length < V) scratch = new Float64Array(V);
  const weights = scratch;
  let total = 0;
  for (let v = 0; v < V; v++) {
    const w = isBanned?.[v] ? 0 : Math.exp((logits[v] - max) / temperature);
    weights[v] = w;
    total += w;
  }
  // at temperature 1 with nothing banned the normaliser is already at hand: log Z = max + log(total)
  const lse = temperature === 1 && !isBanned ? max + Math.log(total) : logSumExp(logits);
  let candidates: number[] | undefined;
  let mass = total;
  if (topP < 1) {
    // Tokens below (1 - topP) / V of the mass hold less than 1 - topP together, so the nucleus lies among the rest.
    const floor = ((1 - topP) / V) * total;
    candidates = [];
    for (let v = 0; v < V; v++) if (weights[v] > 0 && weights[v] >= floor) candidates.push(v);
    candidates.sort((a, b) => weights[b] - weights[a] || a - b);
    let cum = 0;
    let keep = 0;
    while (keep < candidates.length && cum < topP * total) cum += weights[candidates[keep++]];
    candidates.length = Math.max(keep, 1);
    mass = cum || weights[candidates[0]];
  }
  const target = rng.next() * mass;
  let cum = 0;
  let chosen = best;
  if (candidates) {
    for (const v of candidates) {
      chosen = v;
      cum += weights[v];
      if (cum > target) break;
    }
  } else {
    for (let v = 0; v < V; v++) {
      if (weights[v] === 0) continue;
      chosen = v;
      cum += weights[v];
      if (cum > target) break;
    }
  }
  return { token: chosen, logprob: logits[chosen] - lse };
}
