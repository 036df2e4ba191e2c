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
  // banned ids are few (the EOS ids before minTokens): masked by setting their weight to 0 after one pass, instead of
  // a (V,) mask allocated per call and tested in every loop
  let best = -1;
  let bestLogit = -Infinity;
  for (let v = 0; v < V; v++) {
    const x = logits[v];
    if (x > bestLogit || best < 0) {
      if (banned.length > 0 && banned.includes(v)) continue;
      best = v;
      bestLogit = x;
    }
  }
  if (best < 0) throw new Error(`sampleToken: every one of the ${V} tokens is banned`);
  if (temperature === 0) return { token: best, logprob: logits[best] - logSumExp(logits) };

  const max = bestLogit;
  if (scratch.length < V) scratch = new Float64Array(V);
  const weights = scratch;
  let total = 0;
  for (let v = 0; v < V; v++) {
    const w = Math.exp((logits[v] - max) / temperature);
    weights[v] = w;
    total += w;
  }
  let bannedMass = 0;
  for (const id of banned) {
    if (id >= 0 && id < V && weights[id] > 0) {
      bannedMass += weights[id];
      weights[id] = 0;
    }
  }
  // At temperature 1 the weights are exp(logits - max), so log Z over every token (banned included, as the trainer
  // computes it) is max + log(total) with the banned weights still in, saving a logSumExp pass. Banned weights above
  // 1 (a banned logit over the best allowed one) would make `total - bannedMass` cancel: then both are recomputed.
  let lse: number;
  if (temperature === 1 && bannedMass <= 1) {
    lse = max + Math.log(total);
    total -= bannedMass;
  } else {
    lse = logSumExp(logits);
    if (bannedMass > 0) {
      total = 0;
      for (let v = 0; v < V; v++) total += weights[v];
    }
  }
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
