import type { Kernel, Problem } from '@reasonrl/core';
import { TrainingError } from './errors.js';
import { SeededRng } from './seeded-rng.js';

/**
 * Split problems into training and validation sets: `evalExamples` problems drawn by a seeded
 * shuffle are held out (never trained on), the rest train, both in their original order.
 */
export function holdOut(
  problems: readonly Problem[],
  evalExamples: number,
  seed: number,
): { train: Problem[]; val: Problem[] } {
  if (evalExamples >= problems.length) {
    throw new TrainingError(
      'DATA_TOO_SMALL',
      `cannot hold out evalExamples = ${evalExamples} validation problems from a task of ${problems.length}; lower evalExamples or set valTask`,
    );
  }
  const picked = new Set(
    new SeededRng(seed ^ 0x5eed).shuffle(problems.map((_, i) => i)).slice(0, evalExamples),
  );
  return { train: problems.filter((_, i) => !picked.has(i)), val: problems.filter((_, i) => picked.has(i)) };
}

/**
 * The training problems (the selected Task) and validation problems (`valTask`, first
 * `evalExamples` of it; or held out of the training task when `valTask` is unset).
 */
export async function loadProblemSets(
  kernel: Kernel,
  options: { valTask?: string; evalExamples: number; seed: number; algorithm: string },
): Promise<{ train: Problem[]; val: Problem[] }> {
  const task = await kernel.get('Task');
  const all = await task.load();
  if (all.length === 0)
    throw new TrainingError('DATA_EMPTY', `${options.algorithm}: task '${task.name}' has no problems`);
  if (!options.valTask)
    return options.evalExamples > 0
      ? holdOut(all, options.evalExamples, options.seed)
      : { train: all, val: [] };
  const val = (await (await kernel.get('Task', options.valTask)).load()).slice(0, options.evalExamples);
  return { train: all, val };
}
