import { removeUnitWords } from './units.js';

/**
 * Hendrycks MATH answer normalization (`mathd_normalize_answer` / `_strip_string` of the reference grader),
 * so that two answers written differently compare equal as strings:
 * strips an enclosing `\text{}`, `\left`/`\right`, `\!`, line breaks, `^\circ`, `\$` and `$`, `\%` and `%`,
 * units (a trailing `\text{...}`, unit words after a number), a short `x =` prefix and spaces; maps
 * `tfrac`/`dfrac` to `frac`, `\frac12` to `\frac{1}{2}`, `\sqrt3` to `\sqrt{3}`, `0.5` to `\frac{1}{2}`,
 * `a/b` (integers) to `\frac{a}{b}`, `.5` to `0.5`, `bmatrix`/`array` to `pmatrix`.
 *
 * One space is kept after a LaTeX command followed by a letter (`\pi r`), which the reference would glue
 * into the different command `\pir`.
 *
 * @param answer a model answer or a reference answer (already extracted from `\boxed{}`)
 * @returns the normalized string ('' for an empty answer)
 */
export function mathdNormalizeAnswer(answer: string): string {
  let s = answer.trim();
  const text = /^\\text\{(.+?)\}$/s.exec(s);
  if (text) s = text[1].trim();
  return stripString(s);
}

/** `_strip_string` of the reference: the normalization steps in its order (see {@link mathdNormalizeAnswer}). */
export function stripString(input: string): string {
  let s = input.replace(/\n/g, '');
  s = s.replace(/\\!/g, '');
  s = s.replace(/\\\\/g, '\\');
  s = s
    .replace(/\\begin\{array\}\{[^}]*\}/g, '\\begin{pmatrix}')
    .replace(/\\end\{array\}/g, '\\end{pmatrix}');
  s = s.replace(/bmatrix/g, 'pmatrix');
  s = s.replace(/tfrac/g, 'frac').replace(/dfrac/g, 'frac');
  s = s.replace(/\\neq/g, '\\ne').replace(/\\leq/g, '\\le').replace(/\\geq/g, '\\ge');
  s = s.replace(/\\left/g, '').replace(/\\right/g, '');
  s = s.replace(/\{,\}/g, ',').replace(/(\d)\\,(?=\d{3}(?!\d))/g, '$1');
  // A trailing \text{...} is a unit ("5\text{ cm}", "864 \mbox{ inches}^2"), unless it is the whole answer.
  // (The reference also cut at any "\text{ ", even one followed by "+1".)
  const withoutUnit = s.replace(/\\(?:text|mbox|mathrm)\{[^{}]*\}(?:\^\{?\d\}?)?$/, '').trim();
  if (withoutUnit !== '' && withoutUnit !== s) s = withoutUnit;
  s = removeUnitWords(s);
  s = s
    .replace(/\^\{\\circ\}/g, '')
    .replace(/\^\\circ/g, '')
    .replace(/\\circ/g, '');
  s = s.replace(/\\\$/g, '').replace(/\$/g, '');
  s = s.replace(/\\%/g, '').replace(/%/g, '');
  s = s.replace(/ \./g, ' 0.').replace(/\{\./g, '{0.');
  s = s.trim();
  if (s.length === 0) return s;
  if (s[0] === '.') s = `0${s}`;
  // A short variable prefix `x = 5`, `k=`, `a1 =` (the reference took any 2 characters, so `-x=5` was `5`).
  const sides = s.split('=');
  if (sides.length === 2 && /^[A-Za-z][A-Za-z0-9]?$/.test(sides[0].trim())) s = sides[1];
  s = fixSqrt(s);
  s = removeSpaces(s);
  s = fixFracs(s);
  if (s === '0.5') s = '\\frac{1}{2}';
  return fixASlashB(s);
}

/** Drops spaces, keeping one after a command that a letter follows (`\pi r` stays two tokens). */
function removeSpaces(s: string): string {
  return s.replace(/(\\[A-Za-z]+)?\s+/g, (_m, cmd: string | undefined, offset: number, all: string) => {
    if (!cmd) return '';
    const next = all[offset + _m.length];
    return next !== undefined && /[A-Za-z]/.test(next) ? `${cmd} ` : cmd;
  });
}

/** `\sqrt3` -> `\sqrt{3}`. */
function fixSqrt(s: string): string {
  return s.replace(/\\sqrt\s*([^{\\\s[])/g, '\\sqrt{$1}');
}

/** `\frac12` -> `\frac{1}{2}`, `\frac1{72}` -> `\frac{1}{72}`, `\fracab` -> `\frac{a}{b}`. */
function fixFracs(s: string): string {
  return s
    .replace(/\\frac([^{\\\s])([^{\\\s])/g, '\\frac{$1}{$2}')
    .replace(/\\frac([^{\\\s])\{/g, '\\frac{$1}{');
}

/** `3/4` (two integers, nothing else) -> `\frac{3}{4}`. */
function fixASlashB(s: string): string {
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  return m ? `\\frac{${m[1]}}{${m[2]}}` : s;
}
