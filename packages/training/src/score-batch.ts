import type { Backend } from '@reasonrl/core';
import { TrainingError } from './errors.js';
import { sliceRows } from './token-batch.js';
import type { TrainMicrobatch } from './trainable-backend.js';

/**
 * Per-token log-probs (and, when asked, entropies) of every row of `batch` under the backend's
 * current weights, computed `microbatchSize` rows at a time with no gradient (CS336's old
 * log-probs). Rows are padded back with 0 to the batch's width T, so the result lines up with
 * `batch.labels`.
 *
 * @returns logProbs (N, T) and, when asked, tokenEntropy (N, T).
 */
export async function scoreBatch(
  backend: Backend,
  batch: TrainMicrobatch,
  microbatchSize: number,
  options: { returnTokenEntropy?: boolean } = {},
): Promise<{ logProbs: number[][]; tokenEntropy?: number[][] }> {
  if (!Number.isInteger(microbatchSize) || microbatchSize < 1) {
    throw new TrainingError(
      'BATCH_SIZE_INVALID',
      `scoreBatch: microbatchSize must be a positive integer, got ${microbatchSize}`,
    );
  }
  const n = batch.inputIds.length;
  const width = batch.inputIds[0]?.length ?? 0;
  const pad = (rows: number[][]) =>
    rows.map((r) => (r.length < width ? r.concat(new Array<number>(width - r.length).fill(0)) : r));
  const logProbs: number[][] = [];
  const tokenEntropy: number[][] = [];
  for (let s = 0; s < n; s += microbatchSize) {
    const mb = sliceRows(
      { inputIds: batch.inputIds, labels: batch.labels, responseMask: batch.responseMask },
      s,
      Math.min(n, s + microbatchSize),
    );
    const out = await backend.logProbs(mb, options);
    if (out.logProbs.length !== mb.inputIds.length) {
      throw new TrainingError(
        'BACKEND_OUTPUT',
        `scoreBatch: backend '${backend.name}' returned ${out.logProbs.length} rows of log-probs for ${mb.inputIds.length} inputs`,
      );
    }
    logProbs.push(...pad(out.logProbs));
    if (options.returnTokenEntropy) tokenEntropy.push(...pad(out.tokenEntropy ?? []));
  }
  return options.returnTokenEntropy ? { logProbs, tokenEntropy } : { logProbs };
}
