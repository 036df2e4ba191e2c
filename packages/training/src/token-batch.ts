import type { TokenBatch } from '@reasonrl/core';
import { TrainingError } from './errors.js';

/**
 * CS336's `tokenize_prompt_and_output` from token ids (the sampler's own ids, so the trainer scores
 * exactly the tokens that were sampled): concatenate prompt and response ids, right-pad with `padId`
 * to the longest, and shift by one.
 *
 * @param promptIds B prompts' token ids.
 * @param responseIds B responses' token ids.
 * @returns inputIds = full[:, :-1], labels = full[:, 1:], responseMask (label is a response token),
 *   each (B, T) with T = max_b(len(prompt_b) + len(response_b)) - 1.
 */
export function buildTokenBatch(
  promptIds: readonly number[][],
  responseIds: readonly number[][],
  padId: number,
): TokenBatch {
  if (promptIds.length !== responseIds.length) {
    throw new TrainingError(
      'BATCH_SHAPE',
      `buildTokenBatch: ${promptIds.length} prompts but ${responseIds.length} responses; expected one response per prompt`,
    );
  }
  if (promptIds.length === 0) throw new TrainingError('BATCH_SHAPE', 'buildTokenBatch: empty batch');
  const rows = promptIds.map((p, i) => {
    if (p.length === 0) throw new TrainingError('BATCH_SHAPE', `buildTokenBatch: prompt ${i} has no tokens`);
    return { ids: [...p, ...responseIds[i]], promptLen: p.length };
  });
  const full = Math.max(...rows.map((r) => r.ids.length));
  if (full < 2)
    throw new TrainingError('BATCH_SHAPE', 'buildTokenBatch: every prompt+response has fewer than 2 tokens');
  const t = full - 1;
  const batch: TokenBatch = { inputIds: [], labels: [], responseMask: [] };
  for (const { ids, promptLen } of rows) {
    const padded = ids.concat(new Array<number>(full - ids.length).fill(padId));
    batch.inputIds.push(padded.slice(0, t));
    batch.labels.push(padded.slice(1));
    // label j is token j+1 of the sequence: a response token when promptLen <= j+1 < ids.length.
    batch.responseMask.push(
      Array.from({ length: t }, (_, j) => (j + 1 >= promptLen && j + 1 < ids.length ? 1 : 0)),
    );
  }
  return batch;
}

/** The rows `indices` (in that order) of a batch and its per-row extras, padding columns trimmed as in `sliceRows`. */
export function selectRows<T extends TokenBatch>(batch: T, indices: readonly number[]): T {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(batch)) {
    picked[k] = Array.isArray(v)
      ? indices.map((i) => {
          if (i < 0 || i >= v.length)
            throw new TrainingError(
              'BATCH_SHAPE',
              `selectRows: row ${i} out of range for '${k}' with ${v.length} rows`,
            );
          return v[i];
        })
      : v;
  }
  return sliceRows(picked as T, 0, indices.length);
}

/**
 * Rows `[start, end)` of a batch and of any per-row extras, for cutting a rollout batch into
 * microbatches. Padding columns that are padding in every kept row are dropped (T shrinks to the
 * longest kept row), so short microbatches cost less.
 */
export function sliceRows<T extends TokenBatch>(batch: T, start: number, end: number): T {
  const out: Record<string, unknown> = {};
  let width = 0;
  for (const row of batch.responseMask.slice(start, end)) {
    const last = row.lastIndexOf(1);
    width = Math.max(width, last + 1);
  }
  if (width === 0) width = batch.inputIds[0]?.length ?? 0;
  for (const [k, v] of Object.entries(batch)) {
    if (!Array.isArray(v)) {
      out[k] = v;
      continue;
    }
    const rows = v.slice(start, end);
    out[k] = rows.map((r) => (Array.isArray(r) ? r.slice(0, width) : r));
  }
  return out as T;
}
