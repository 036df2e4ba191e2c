import type { GroundTruth } from '@reasonrl/core';
import { type CasVerdict, casEqual, DEFAULT_CAS_OPTIONS } from './cas-equal.js';
import { groundTruthCandidates } from './ground-truth.js';
import { mathdNormalizeAnswer } from './normalize-answer.js';
import {
  isIntegerLiteral,
  numbersClose,
  parseNumberLiteral,
  parseWrittenFraction,
} from './number-literal.js';
import { splitTopLevel, splitTuple } from './split-tuple.js';

/** Knobs of {@link grade}; every field has a default in {@link DEFAULT_GRADE_OPTIONS}. */
export interface GradeOptions {
  /** CAS budget per graded answer, ms (all its elements and ground truths): past it, not equal and `timedOut`. */
  timeoutMs: number;
  /** Most free variables an expression may have for the CAS to compare it (the reference: 2). */
  maxFreeVariables: number;
  /** Longer model answers (characters) are wrong without being normalized: no real answer is this long. */
  maxAnswerChars: number;
}

export const DEFAULT_GRADE_OPTIONS: GradeOptions = {
  timeoutMs: DEFAULT_CAS_OPTIONS.timeoutMs,
  maxFreeVariables: DEFAULT_CAS_OPTIONS.maxFreeVariables,
  maxAnswerChars: 4096,
};

/** How a verdict was reached: which rule decided, and what the CAS did if it ran. */
export interface GradeDetail {
  correct: boolean;
  /** The deciding rule: `string` (normalized text), `number`, `integer-rule`, `fraction`, `text`, `structure`, or a CAS method. */
  method: string;
  /** True when a CAS comparison ran out of time (the answer then counts as not equal). */
  timedOut: boolean;
  /** How many CAS comparisons ran. */
  casCalls: number;
}

interface Tally {
  timedOut: boolean;
  casCalls: number;
  method: string;
  /** `Date.now()` past which no CAS work starts: one budget for the whole response. */
  deadline: number;
}

/** Records the rule that decided and returns its verdict. */
function decide(tally: Tally, method: string, verdict: boolean): boolean {
  tally.method = method;
  return verdict;
}

const TEXT_ANSWER = /^[A-Za-z][A-Za-z ]{2,}$/;

/** One element (no top-level tuple or union left): the rules of `grade_answer_sympy`, then the CAS. */
function elementsEqual(given: string, truth: string, options: GradeOptions, tally: Tally): boolean {
  if (given === truth) return decide(tally, 'string', true);
  if (given === '') return decide(tally, 'empty', false);
  const vg = parseNumberLiteral(given);
  const vt = parseNumberLiteral(truth);
  if (vg !== null && vt !== null) {
    // Integers exactly (11111111101 is not 11111111100); decimals up to float rounding of the literal.
    tally.method = 'number';
    return Number.isInteger(vg) && Number.isInteger(vt) ? vg === vt : numbersClose(vg, vt, 1e-12);
  }
  // The reference demands an integer answer be written as one: `\frac{4}{2}` or `\sqrt{4}` for 2 is wrong.
  if (isIntegerLiteral(truth) !== isIntegerLiteral(given)) return decide(tally, 'integer-rule', false);
  const fg = parseWrittenFraction(given);
  const ft = parseWrittenFraction(truth);
  if (fg && ft) {
    // Both plain fractions: must be the same as written (an unreduced 2/4 for 1/2 is wrong), as in the reference.
    tally.method = 'fraction';
    return fg.numerator === ft.numerator && fg.denominator === ft.denominator;
  }
  if (TEXT_ANSWER.test(given) && TEXT_ANSWER.test(truth)) {
    tally.method = 'text';
    return given.toLowerCase() === truth.toLowerCase();
  }
  tally.casCalls++;
  const remaining = tally.deadline - Date.now();
  const verdict: CasVerdict =
    remaining > 0
      ? casEqual(given, truth, { ...options, timeoutMs: remaining })
      : { equal: false, method: 'timeout' };
  tally.method = verdict.method;
  if (verdict.method === 'timeout') tally.timedOut = true;
  return verdict.equal;
}

const PLUS_MINUS = /\\(?:pm|mp)(?![A-Za-z])/;

/** `a \pm b` is the pair (a + b, a - b): both sides must have it, and both branches must agree. */
function plusMinusEqual(
  given: string,
  truth: string,
  options: GradeOptions,
  tally: Tally,
  depth: number,
): boolean {
  if (!PLUS_MINUS.test(truth) || !PLUS_MINUS.test(given)) return decide(tally, 'structure', false);
  const branch = (s: string, plusFirst: boolean) =>
    s.replace(/\\(pm|mp)(?![A-Za-z])/g, (_m, op: string) => ((op === 'pm') === plusFirst ? '+' : '-'));
  return (
    structuresEqual(branch(given, true), branch(truth, true), options, tally, depth + 1) &&
    structuresEqual(branch(given, false), branch(truth, false), options, tally, depth + 1)
  );
}

/** A set `\{a, b\}` in any order: each reference element matches a different given element. */
function setsEqual(
  given: string[],
  truth: string[],
  options: GradeOptions,
  tally: Tally,
  depth: number,
): boolean {
  const unused = new Set(given.keys());
  for (const t of truth) {
    const match = [...unused].find((i) => structuresEqual(given[i], t, options, tally, depth + 1));
    if (match === undefined) return decide(tally, 'structure', false);
    unused.delete(match);
  }
  return true;
}

/** Tuples and intervals element-wise with matching brackets, sets in any order; unions part by part. */
function structuresEqual(
  given: string,
  truth: string,
  options: GradeOptions,
  tally: Tally,
  depth = 0,
): boolean {
  if (given === truth) return decide(tally, 'string', true);
  if (depth > 8) return decide(tally, 'structure', false);
  if (PLUS_MINUS.test(truth) || PLUS_MINUS.test(given))
    return plusMinusEqual(given, truth, options, tally, depth);
  const truthParts = splitTopLevel(truth, '\\cup');
  if (truthParts && truthParts.length > 1) {
    const givenParts = splitTopLevel(given, '\\cup');
    if (!givenParts || givenParts.length !== truthParts.length) return decide(tally, 'structure', false);
    return truthParts.every((t, i) => structuresEqual(givenParts[i], t, options, tally, depth + 1));
  }
  const truthTuple = splitTuple(truth);
  const givenTuple = splitTuple(given);
  if (truthTuple || givenTuple) {
    if (!truthTuple || !givenTuple) return decide(tally, 'structure', false);
    if (truthTuple.open !== givenTuple.open || truthTuple.close !== givenTuple.close) {
      return decide(tally, 'structure', false);
    }
    if (truthTuple.elements.length !== givenTuple.elements.length) return decide(tally, 'structure', false);
    if (truthTuple.open === '\\{')
      return setsEqual(givenTuple.elements, truthTuple.elements, options, tally, depth);
    return truthTuple.elements.every((t, i) =>
      structuresEqual(givenTuple.elements[i], t, options, tally, depth + 1),
    );
  }
  return elementsEqual(given, truth, options, tally);
}

/**
 * Grades one extracted model answer against one reference answer string, with the reasons.
 * Never throws on the model answer. See {@link grade}. All CAS work shares one budget of
 * `timeoutMs` (tuple elements included), ending at `deadline` (a `Date.now()` value) when given.
 */
export function gradeAnswer(
  modelAnswer: string,
  truth: string,
  options: Partial<GradeOptions> = {},
  deadline?: number,
): GradeDetail {
  const opts = { ...DEFAULT_GRADE_OPTIONS, ...options };
  const tally: Tally = {
    timedOut: false,
    casCalls: 0,
    method: 'string',
    deadline: deadline ?? Date.now() + opts.timeoutMs,
  };
  if (typeof modelAnswer !== 'string')
    return { correct: false, method: 'not-a-string', timedOut: false, casCalls: 0 };
  if (modelAnswer.length > opts.maxAnswerChars) {
    return { correct: false, method: 'answer-too-long', timedOut: false, casCalls: 0 };
  }
  try {
    const given = mathdNormalizeAnswer(modelAnswer);
    const expected = mathdNormalizeAnswer(truth);
    if (expected === '') return { correct: false, method: 'empty', timedOut: false, casCalls: 0 };
    const correct = structuresEqual(given, expected, opts, tally);
    return { correct, ...tally };
  } catch (error) {
    return {
      correct: false,
      method: `error: ${String((error as Error)?.message ?? error).slice(0, 120)}`,
      timedOut: tally.timedOut,
      casCalls: tally.casCalls,
    };
  }
}

/**
 * `grade(model_answer, gt_answer)` of the reference: true when the model answer equals a reference answer
 * after Hendrycks MATH normalization, or is mathematically equal (numbers, fractions, roots, `\pi`,
 * tuples/intervals element-wise, expressions in at most two variables), per the rules in the README.
 *
 * @param modelAnswer the extracted answer (e.g. the content of `\boxed{}`), never throws on it
 * @param groundTruth a string, number or list of them (any match); `\boxed{}` and `#### x` are unwrapped
 * @throws ReasonrlError GRADER_BAD_GROUND_TRUTH for a missing or empty ground truth
 */
export function grade(
  modelAnswer: string,
  groundTruth: GroundTruth,
  options: Partial<GradeOptions> = {},
): boolean {
  return gradeDetailed(modelAnswer, groundTruth, options).correct;
}

/** {@link grade} with the deciding rule, CAS calls and timeouts summed over the ground-truth candidates. */
export function gradeDetailed(
  modelAnswer: string,
  groundTruth: GroundTruth,
  options: Partial<GradeOptions> = {},
): GradeDetail {
  const candidates = groundTruthCandidates(groundTruth);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_GRADE_OPTIONS.timeoutMs);
  const total: GradeDetail = { correct: false, method: 'none', timedOut: false, casCalls: 0 };
  for (const truth of candidates) {
    const d = gradeAnswer(modelAnswer, truth, options, deadline);
    total.timedOut ||= d.timedOut;
    total.casCalls += d.casCalls;
    total.method = d.method;
    if (d.correct) {
      total.correct = true;
      break;
    }
  }
  return total;
}
