export { type BatchOptions, gradeBatch, type RewardFnName } from './batch.js';
export {
  type CasOptions,
  type CasVerdict,
  casEqual,
  DEFAULT_CAS_OPTIONS,
} from './cas-equal.js';
export { extractBoxed } from './extract-boxed.js';
export {
  DEFAULT_GRADE_OPTIONS,
  type GradeDetail,
  type GradeOptions,
  grade,
  gradeAnswer,
  gradeDetailed,
} from './grade.js';
export { MathGraderConfig } from './grader-config.js';
export { groundTruthCandidates } from './ground-truth.js';
export { extractGsm8kAnswer, parseGsm8kResponse } from './gsm8k.js';
export { DEFAULT_LATEX_GUARD, type LatexGuardLimits, latexGuard } from './latex-guard.js';
export { MathAnswerGrader } from './math-answer-grader.js';
export { type MmluExample, parseMmluResponse } from './mmlu.js';
export { mathdNormalizeAnswer, stripString } from './normalize-answer.js';
export {
  isIntegerLiteral,
  numbersClose,
  parseNumberLiteral,
  parseWrittenFraction,
  type WrittenFraction,
} from './number-literal.js';
export {
  countCategories,
  type RegradeCounts,
  type RegradeLine,
  type RegradeOptions,
  regradeResultsFile,
  type Scorer,
} from './regrade.js';
export { extractR1ZeroAnswer, questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';
export { type BracketedList, splitTopLevel, splitTuple } from './split-tuple.js';
export { removeUnitWords } from './units.js';
