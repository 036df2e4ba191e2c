/** One MMLU row as CS336 A5 passes it to `run_parse_mmlu_response`. */
export interface MmluExample {
  subject?: string;
  question?: string;
  options: readonly string[];
  answer?: string;
}

const STATED_RE = /\b[Aa]nswer\s*(?:is|IS|:)\s*:?\s*\(?([A-Z])\)?(?=$|[\s.,;:!)])/g;

/**
 * The option letter a model chose in free-form MMLU output (CS336 A5 `run_parse_mmlu_response`): the
 * letter in the last "answer is X" / "Answer: X" / "answer is (X)", when X is one of the example's options
 * (A, B, C, ... up to `options.length`); `null` otherwise ("The answer is 10000" is not a letter).
 *
 * @param mmluExample the question row; `options.length` says which letters are valid
 * @param modelOutput the generated text
 */
export function parseMmluResponse(mmluExample: MmluExample, modelOutput: string): string | null {
  if (typeof modelOutput !== 'string') return null;
  const count =
    Array.isArray(mmluExample?.options) && mmluExample.options.length > 0 ? mmluExample.options.length : 4;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, Math.min(count, 26));
  let chosen: string | null = null;
  for (const m of modelOutput.matchAll(STATED_RE)) {
    const letter = m[1];
    if (letters.includes(letter)) chosen = letter;
  }
  return chosen;
}
