/** The additive bias for a masked-out (query, key) pair: exp underflows to exactly 0 after the max shift. */
export const MASKED = -1e9;

/**
 * The `attention_bias` input, (B, 1, 1, S, T) row-major, for S new queries on top of T - S earlier keys:
 * query s sits at key slot T - S + s and may attend key t when t <= T - S + s (causal) and `keyMask[b][t]` is 1
 * (a real token, not padding). Allowed pairs get 0, others `MASKED`. A query whose row has no allowed key
 * (a padding query) gets all zeros, so its softmax stays finite; its outputs are never read.
 *
 * @param keyMask (B, T) 1 for real tokens, 0 for padding.
 * @param queries S, the number of new tokens per row (the last S key slots).
 */
export function attentionBias(keyMask: readonly (readonly number[])[], queries: number): Float32Array {
  const B = keyMask.length;
  if (B === 0) throw new Error('attentionBias: keyMask has no rows');
  const T = keyMask[0].length;
  if (!Number.isInteger(queries) || queries < 1 || queries > T) {
    throw new Error(`attentionBias: queries must be in [1, ${T}] (the key length), got ${queries}`);
  }
  const out = new Float32Array(B * queries * T);
  for (let b = 0; b < B; b++) {
    const mask = keyMask[b];
    if (mask.length !== T)
      throw new Error(`attentionBias: keyMask row ${b} has ${mask.length} entries, row 0 has ${T}`);
    for (let s = 0; s < queries; s++) {
      const row = out.subarray((b * queries + s) * T, (b * queries + s + 1) * T);
      const limit = T - queries + s;
      let any = false;
      for (let t = 0; t < T; t++) {
        const allowed = t <= limit && mask[t] === 1;
        row[t] = allowed ? 0 : MASKED;
        any ||= allowed;
      }
      if (!any) row.fill(0);
    }
  }
  return out;
}
