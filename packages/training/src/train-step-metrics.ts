import type { TrainStepResult } from '@reasonrl/core';

/** Loss metadata keys a backend may report, by the logged metric name they map to. */
const METADATA_ALIASES: Record<string, readonly string[]> = {
  token_entropy: ['token_entropy', 'entropy'],
  clip_fraction: ['clip_fraction', 'clipFraction'],
};

/**
 * The logged metrics of one optimizer step: `loss`, `grad_norm`, `learning_rate`, and
 * `token_entropy` / `clip_fraction` when the loss reported them (under either spelling).
 */
export function trainStepMetrics(result: TrainStepResult, learningRate: number): Record<string, number> {
  const out: Record<string, number> = {
    loss: result.loss,
    grad_norm: result.gradNorm,
    learning_rate: learningRate,
  };
  const md = result.metadata ?? {};
  for (const [name, keys] of Object.entries(METADATA_ALIASES)) {
    const key = keys.find((k) => typeof md[k] === 'number');
    if (key) out[name] = md[key];
  }
  return out;
}

/** Rollouts as one readable text block for the samples log (`logText`). */
export function formatSamples(
  rows: readonly { prompt: string; response: string; reward: number }[],
  count: number,
): string {
  return rows
    .slice(0, count)
    .map(
      (r, i) =>
        `### sample ${i} (reward ${r.reward})\n**prompt** …${r.prompt.slice(-200)}\n\n**response** ${r.response}`,
    )
    .join('\n\n');
}
