/**
 * Adapters for the grading area (CS336 A5 `drgrpo_grader.py` and `tests/adapters.py` `run_parse_*`), by
 * their assignment names in camelCase, positional arguments in the assignment's order.
 */
export {
  extractBoxed,
  extractGsm8kAnswer,
  grade,
  parseGsm8kResponse,
  parseMmluResponse,
  questionOnlyRewardFn,
  r1ZeroRewardFn,
} from '@reasonrl/math-grading';

import { type MmluExample, parseGsm8kResponse, parseMmluResponse } from '@reasonrl/math-grading';

/** `run_parse_mmlu_response(mmlu_example, model_output)`. */
export function runParseMmluResponse(mmluExample: MmluExample, modelOutput: string): string | null {
  return parseMmluResponse(mmluExample, modelOutput);
}

/** `run_parse_gsm8k_response(model_output)`. */
export function runParseGsm8kResponse(modelOutput: string): string | null {
  return parseGsm8kResponse(modelOutput);
}
