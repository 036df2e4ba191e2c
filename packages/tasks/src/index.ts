export { gradeAll } from '@reasonrl/core';
export { evaluateArithmetic } from './arithmetic-expression.js';
export { checkResumedRecords } from './check-resumed.js';
export {
  type CountdownTarget,
  type CountdownVerdict,
  countdownQuestion,
  decodeCountdownTarget,
  encodeCountdownTarget,
  parseCountdownRecord,
  verifyCountdownEquation,
} from './countdown.js';
export { DATA_FORMATS, type DataFormat, detectFormat } from './data-format.js';
export { type FieldMap, parseFieldMap, parseFieldsRecord } from './field-map.js';
export { parseGsm8kRecord } from './gsm8k.js';
export { type LoadedProblems, type LoadProblemsOptions, loadProblems } from './load-problems.js';
export { parseMathRecord } from './math.js';
export {
  checkTemplate,
  formatPrompt,
  loadPromptTemplate,
  PROMPT_TEMPLATES,
  QUESTION_ONLY_PROMPT,
  QUESTION_PLACEHOLDER,
  R1_ZERO_PROMPT,
} from './prompt-templates.js';
export {
  problemId,
  type RecordSource,
  requireAnswer,
  requireInteger,
  requireString,
} from './record-fields.js';
export { openResumableJsonl } from './resume-jsonl.js';
export { fnv1a, mulberry32, randInt } from './seeded-random.js';
export {
  drawSyntheticSpec,
  MAX_QUANTITY,
  renderPlainSolution,
  renderR1ZeroTrace,
  type SyntheticSpec,
  type SyntheticStep,
  syntheticQuestion,
} from './synthetic-problem.js';
export {
  DEFAULT_SYNTHETIC_OPTIONS,
  generateSyntheticProblems,
  SYNTHETIC_SPLITS,
  type SyntheticOptions,
  type SyntheticSplit,
  syntheticSplitOf,
} from './synthetic-task.js';
