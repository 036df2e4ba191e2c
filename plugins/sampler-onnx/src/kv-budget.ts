import { expectedTensorShapes, type ModelConfig } from '@reasonrl/hf-checkpoint';

/**
 * Bytes of the model's weights as float32, the sampler's copy of them, whatever the checkpoint's dtype (from the
 * config's tensor shapes: known before any weight is loaded).
 */
export function float32WeightBytes(config: ModelConfig): number {
  let bytes = 0;
  for (const shape of expectedTensorShapes(config).values()) bytes += 4 * shape.reduce((a, b) => a * b, 1);
  return bytes;
}

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
