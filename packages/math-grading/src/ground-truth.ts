import { type GroundTruth, ReasonrlError } from '@reasonrl/core';
import { extractBoxed } from './extract-boxed.js';

/**
 * The reference answers in a ground truth, as strings: a number becomes its decimal string, a list gives
 * each of its entries (any match is correct), a `\boxed{..}` reference is unboxed, and a worked GSM8K
 * solution (`... #### 72`) gives the text after its last `####`.
 *
 * @throws ReasonrlError GRADER_BAD_GROUND_TRUTH for a missing, empty or non-finite ground truth, an empty
 *   list, or an entry of another type; the message names the offending value (and `where`, when given).
 */
export function groundTruthCandidates(groundTruth: GroundTruth, where = 'ground truth'): string[] {
  const fail = (why: string): never => {
    throw new ReasonrlError('GRADER_BAD_GROUND_TRUTH', `${where}: ${why}`);
  };
  const one = (value: unknown, label: string): string => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value))
        fail(`${label} is the number ${value}; expected a finite number or a string`);
      return String(value);
    }
    if (typeof value !== 'string') {
      return fail(
        `${label} is ${value === null ? 'null' : typeof value}; expected a string, a number or a list of them`,
      );
    }
    let s = value.trim();
    if (s.includes('\\boxed') || s.includes('\\fbox')) s = extractBoxed(s)?.trim() ?? s;
    else if (s.includes('####')) s = s.slice(s.lastIndexOf('####') + 4).trim();
    if (s === '') fail(`${label} is empty; expected a reference answer such as "72" or "\\frac{1}{2}"`);
    return s;
  };
  if (Array.isArray(groundTruth)) {
    if (groundTruth.length === 0) fail('is an empty list; expected at least one reference answer');
    return groundTruth.map((v, i) => one(v, `entry ${i}`));
  }
  return [one(groundTruth, 'value')];
}
