import { ReasonrlError } from '@reasonrl/core';

/** One stage of a pipeline run. */
export interface PlannedStage {
  /** 1-based position. */
  index: number;
  /** The Algorithm run by this stage, or 'eval' for a validation-only stage. */
  algorithm: string;
  /** Label in the table and sub-directory name without the number (`eval-zero-shot`, `sft`, `eval-final`). */
  label: string;
  /** Sub-directory of the run directory, e.g. `02-sft`. */
  dir: string;
}

/**
 * The stages to run: the configured list plus the implied final eval. A leading `eval` is the zero-shot
 * evaluation (`01-eval-zero-shot`); the appended one is `eval-final`. Names must be unique except `eval`.
 */
export function planStages(stages: readonly string[]): PlannedStage[] {
  const seen = new Set<string>();
  for (const s of stages) {
    if (s === 'pipeline')
      throw new ReasonrlError('CONFIG_INVALID', "pipeline.stages: a pipeline cannot contain 'pipeline'");
    if (s !== 'eval' && seen.has(s))
      throw new ReasonrlError(
        'CONFIG_INVALID',
        `pipeline.stages: '${s}' is listed twice; each training stage runs once (its sub-directory is named after it)`,
      );
    seen.add(s);
  }
  const all = [...stages, 'eval'];
  return all.map((algorithm, i) => {
    const label =
      algorithm !== 'eval'
        ? algorithm
        : i === all.length - 1
          ? 'eval-final'
          : i === 0
            ? 'eval-zero-shot'
            : `eval-${i + 1}`;
    const index = i + 1;
    return { index, algorithm, label, dir: `${String(index).padStart(2, '0')}-${label}` };
  });
}
