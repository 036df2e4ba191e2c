import { ReasonrlError } from '@reasonrl/core';

/**
 * The reference final answer of a GSM8K worked solution: the text after the last `####`, trimmed, with
 * thousands commas removed (`"...\n#### 1,080"` -> `"1080"`).
 *
 * @param solution the dataset's `answer` field
 * @throws ReasonrlError GSM8K_NO_ANSWER when there is no `####` marker or nothing after it
 */
export function extractGsm8kAnswer(solution: string): string {
  if (typeof solution !== 'string') {
    throw new ReasonrlError('GSM8K_NO_ANSWER', `GSM8K solution must be a string, got ${typeof solution}`);
  }
  const at = solution.lastIndexOf('####');
  if (at < 0) {
    throw new ReasonrlError(
      'GSM8K_NO_ANSWER',
      `GSM8K solution has no '####' final-answer marker: ${JSON.stringify(solution.slice(-80))}`,
    );
  }
  const answer = solution
    .slice(at + 4)
    .trim()
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  if (!answer)
    throw new ReasonrlError('GSM8K_NO_ANSWER', "GSM8K solution has nothing after its '####' marker");
  return answer;
}

/** A number, with a minus sign only when it is not a hyphen or a subtraction (`2-3` gives 3, `is -3` gives -3). */
const NUMBER_RE = /(?:(?<![\w).])-)?(?:\d[\d,]*(?:\.\d+)?|\.\d+)/g;

/**
 * The last number written in a model's free-form GSM8K output (CS336 A5 `run_parse_gsm8k_response`),
 * with thousands commas removed, or `null` when the output has no digits.
 *
 * @param modelOutput the generated text
 */
export function parseGsm8kResponse(modelOutput: string): string | null {
  if (typeof modelOutput !== 'string') return null;
  let last: string | null = null;
  for (const m of modelOutput.matchAll(NUMBER_RE)) last = m[0];
  if (last === null) return null;
  const cleaned = last.replace(/,/g, '').replace(/\.$/, '');
  return cleaned === '-' || cleaned === '' ? null : cleaned;
}
