/** The chosen token and its log-probability under the raw distribution (temperature 1, no nucleus). */
export interface SampledToken {
  token: number;
  logprob: number;
}

/**
 * Picks the next token from one row of logits (V) with vLLM's semantics: temperature 0 is greedy (lowest id wins a
 * tie); otherwise a draw from softmax(logits / temperature) restricted, when topP < 1, to the nucleus (most likely
 * tokens until their mass reaches topP, the crossing token included). `banned` ids are never chosen (EOS before
 * minTokens). `uniform()` gives the draw in [0, 1). The logprob is log_softmax(logits)[token] of the unmodified row,
 * which is what getResponseLogProbs computes for the same token.
 */
export function sampleNextToken(
  logits: Float32Array,
  temperature: number,
  topP: number,
  uniform: () => number,
  banned: ReadonlySet<number> = new Set(),
): SampledToken {
  const vocab = logits.length;
  let best = -1;
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < vocab; v++) if (logits[v] > max) max = logits[v];
  let sumExp = 0;
  for (let v = 0; v < vocab; v++) sumExp += Math.exp(logits[v] - max);
  const logZ = max + Math.log(sumExp);
  for (let v = 0; v < vocab; v++) if (!banned.has(v) && (best < 0 || logits[v] > logits[best])) best = v;
  if (best < 0) throw new Error(`sampleNextToken: all ${vocab} tokens are banned`);
  if (temperature === 0) return { token: best, logprob: logits[best] - logZ };

  const weights = new Float64Array(vocab);
  let total = 0;
  for (let v = 0; v < vocab; v++) {
    weights[v] = banned.has(v) ? 0 : Math.exp((logits[v] - logits[best]) / temperature);
    total += weights[v];
  }
  let order: number[];
  let mass: number;
  if (topP < 1) {
    order = [];
    for (let v = 0; v < vocab; v++) if (weights[v] > 0) order.push(v);
    order.sort((x, y) => weights[y] - weights[x] || x - y);
    let kept = 0;
    mass = 0;
    while (kept < order.length && mass < topP * total) mass += weights[order[kept++]];
    order.length = Math.max(1, kept);
  } else {
    order = [];
    for (let v = 0; v < vocab; v++) if (weights[v] > 0) order.push(v);
    mass = total;
  }
  const target = uniform() * mass;
  let acc = 0;
  let chosen = order[order.length - 1];
  for (const v of order) {
    acc += weights[v];
    if (acc > target) {
      chosen = v;
      break;
    }
  }
  return { token: chosen, logprob: logits[chosen] - logZ };
}
