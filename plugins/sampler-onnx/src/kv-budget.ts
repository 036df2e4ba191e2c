import type { ModelConfig } from '@reasonrl/hf-checkpoint';

/** Bytes the KV cache holds per token of one row: keys and values of every layer, float32. */
export function kvBytesPerToken(config: ModelConfig): number {
  return 2 * config.numHiddenLayers * config.numKeyValueHeads * config.headDim * 4;
}

/**
 * How many rows may decode together under `budgetBytes`: each row reserves `maxWidth` slots (the longest prompt plus
 * `maxTokens`), `copies` times (2 for a concatenated cache, which a step reads while writing the next; 1 for a cache
 * written in place). At least one row always runs, even over budget (a single sequence cannot be split).
 */
export function maxRowsForBudget(
  config: ModelConfig,
  budgetBytes: number,
  maxWidth: number,
  maxBatchSize: number,
  copies = 2,
): number {
  const perRow = copies * kvBytesPerToken(config) * maxWidth;
  return Math.max(1, Math.min(maxBatchSize, Math.floor(budgetBytes / perRow)));
}
