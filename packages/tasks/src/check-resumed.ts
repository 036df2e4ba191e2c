import { type Problem, ReasonrlError } from '@reasonrl/core';

/**
 * Refuse to resume into a results file written for other problems: every problem already recorded (by id)
 * must have the same prompt and reference as now, else mixing would corrupt the results.
 * @param file the results file (named in the error)
 * @param done recorded entries by problem id
 * @param problems the problems of this run, with `prompts[i]` the prompt of `problems[i]`
 * @throws ReasonrlError RESUME_MISMATCH naming the first problem that differs
 */
export function checkResumedRecords(
  file: string,
  done: ReadonlyMap<string, { prompt: string; reference: unknown }>,
  problems: readonly Problem[],
  prompts: readonly string[],
): void {
  for (const [index, p] of problems.entries()) {
    const r = done.get(p.id);
    if (r && (r.prompt !== prompts[index] || JSON.stringify(r.reference) !== JSON.stringify(p.groundTruth))) {
      throw new ReasonrlError(
        'RESUME_MISMATCH',
        `${file}: problem '${p.id}' was recorded with another prompt or reference (another data set or template?); use a new --out`,
      );
    }
  }
}
