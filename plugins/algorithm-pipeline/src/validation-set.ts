import type { Kernel, Problem } from '@reasonrl/core';
import { ReasonrlError } from '@reasonrl/core';
import { generateSyntheticProblems } from '@reasonrl/tasks';

/** The generator fields of the `synthetic` section the validation set shares with the training task. */
interface SyntheticSection {
  seed?: number;
  minSteps?: number;
  maxSteps?: number;
  maxNumber?: number;
}

/**
 * The pipeline's fixed validation set: the first `count` problems of the synthetic task's `validation`
 * split, drawn with the `synthetic` section's seed and difficulty (whatever split the training stages
 * use, the validation split never overlaps it). Same config, same problems, at every stage.
 */
export function loadValidationSet(kernel: Kernel, count: number): Problem[] {
  let section: SyntheticSection = {};
  try {
    section = kernel.section<SyntheticSection>('synthetic');
  } catch {
    // The synthetic task plugin is not installed: its defaults apply (same generator, in @reasonrl/tasks).
  }
  const { seed, minSteps, maxSteps, maxNumber } = section;
  const problems = generateSyntheticProblems({
    split: 'validation',
    count,
    seed,
    minSteps,
    maxSteps,
    maxNumber,
  });
  if (problems.length !== count) {
    throw new ReasonrlError(
      'PIPELINE_VALIDATION_SET',
      `pipeline.validationExamples = ${count}, but the synthetic validation split gave ${problems.length}`,
    );
  }
  return problems;
}
