import { describe, expect, it } from 'vitest';
import { grade, gradeDetailed } from './grade.js';

/** [model answer, ground truth, expected verdict] — each worked out by hand. */
type Row = [string, string | number | (string | number)[], boolean];

const normalizationRows: Row[] = [
  ['\\text{Evelyn}', 'Evelyn', true],
  ['Evelyn', '\\text{Evelyn}', true],
  ['evelyn', '\\text{Evelyn}', true],
  ['\\text{even}', '\\text{odd}', false],
  ['\\left(3, \\frac{\\pi}{2}\\right)', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
  ['(3,\\frac{\\pi}{2})', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
  ['\\tfrac{3}{4}', '\\frac{3}{4}', true],
  ['\\dfrac{17}{50}', '\\frac{17}{50}', true],
  ['\\frac34', '\\frac 34', true],
  ['\\frac{1}{2}', '0.5', true],
  ['0.5', '\\frac{1}{2}', true],
  ['1/2', '\\frac{1}{2}', true],
  ['30^\\circ', '30', true],
  ['30', '30^\\circ', true],
  ['76^{\\circ}', '76^\\circ', true],
  ['\\$18.90', '18.90', true],
  ['18.90', '\\$18.90', true],
  ['$18.90', '\\$18.90', true],
  ['10 \\text{ cm}', '10', true],
  ['10\\text{ inches}', '10', true],
  ['12 feet', '12', true],
  ['x = 5', '5', true],
  ['5', 'x=5', true],
  ['y = -2x', 'y = -2x', true],
  ['\\sqrt3', '\\sqrt{3}', true],
  ['6\\sqrt2', '6\\sqrt{2}', true],
  ['10,\\!080', '10080', true],
  ['10,080', '10,\\!080', true],
  ['6 - 5i', '6-5i', true],
  ['\\!\\!42', '42', true],
  ['\\text{(E)}', '\\text{(E)}', true],
  ['(E)', '\\text{(E)}', true],
  ['\\text{(D)}', '\\text{(E)}', false],
];

const numberRows: Row[] = [
  ['1e6', '1000000', true],
  ['1000000', '1e6', true],
  ['1,000', '1000', true],
  ['1000', '1,000', true],
  ['1,000,000', '1000000', true],
  ['72.00', '72', true],
  ['72.0', 72, true],
  ['-3', '-3', true],
  ['-3', '3', false],
  ['3.21', '3.21', true],
  ['3.210', '3.21', true],
  ['3.2', '3.21', false],
  ['0.15', '0.15', true],
  ['.15', '0.15', true],
  ['326.5', '326.5', true],
  ['73', '72', false],
  ['1001', '1000', false],
  ['50\\%', '50', true],
  ['50%', '50', true],
  ['50', '50\\%', true],
  // The reference strips the percent sign and compares numbers: 50% is not 0.5.
  ['50\\%', '0.5', false],
  ['0.5', '50\\%', false],
  ['26000', '26,000', true],
  ['1,25', '125', false],
];

const fractionRows: Row[] = [
  ['\\frac{3}{2}', '\\frac{3}{2}', true],
  ['3/2', '\\frac{3}{2}', true],
  ['1.5', '\\frac{3}{2}', true],
  ['\\frac{6}{4}', '\\frac{3}{2}', false], // unreduced fractions are wrong, as in the reference
  ['\\frac{2}{3}', '\\frac{3}{2}', false],
  ['-\\frac{1}{2}', '\\frac{-1}{2}', true],
  ['\\frac{1}{-2}', '-\\frac{1}{2}', true],
  ['\\frac{243}{625}', '\\frac{243}{625}', true],
  ['0.3888', '\\frac{243}{625}', true],
  ['0.389', '\\frac{243}{625}', false],
  ['\\frac{11}{36}', '\\frac{11}{36}', true],
  ['\\frac{13}{15}', '\\frac{15}{13}', false],
  ['\\frac{1}{3}', '0.333', false],
  ['\\frac{\\sqrt{3}}{2}', '\\frac{\\sqrt3}2', true],
  ['\\frac{11+9a}{20}', '\\frac{11+9a}{20}', true],
  ['\\frac{9a+11}{20}', '\\frac{11+9a}{20}', true],
  ['\\frac{9a+12}{20}', '\\frac{11+9a}{20}', false],
  ['1\\frac{4}{5}', '1\\frac{4}{5}', true],
  ['\\frac{3840}{289}', '\\frac{3840}{289}', true],
  ['\\frac{3841}{289}', '\\frac{3840}{289}', false],
];

const symbolicRows: Row[] = [
  ['2\\sqrt{2}', '\\sqrt{8}', true],
  ['\\sqrt{8}', '2\\sqrt{2}', true],
  ['3\\sqrt{2}', '\\sqrt{8}', false],
  ['\\frac{\\pi}{2}', '\\pi/2', true],
  ['\\frac{1}{2}\\pi', '\\frac{\\pi}{2}', true],
  ['288\\pi', '288 \\pi', true],
  ['\\pi \\cdot 288', '288 \\pi', true],
  ['7\\pi', '7\\pi', true],
  ['21.99', '7\\pi', false],
  ['6\\pi', '7\\pi', false],
  ['\\frac{1}{\\sqrt{2}}', '\\frac{\\sqrt{2}}{2}', true],
  ['\\frac{\\sqrt{2}}{3}', '\\frac{\\sqrt{2}}{2}', false],
  ['1+274i', '1+274i', true],
  ['274i+1', '1+274i', true],
  ['1-274i', '1+274i', false],
  ['6+5i', '6 - 5i', false],
  ['x^5 - x^4 + x^3 - x^2 + x - 1', 'x^5 - x^4 + x^3 - x^2 + x - 1', true],
  ['-1 + x - x^2 + x^3 - x^4 + x^5', 'x^5 - x^4 + x^3 - x^2 + x - 1', true],
  ['x^5 - x^4 + x^3 - x^2 + x + 1', 'x^5 - x^4 + x^3 - x^2 + x - 1', false],
  ['(x+1)^2', 'x^2+2x+1', true],
  ['(x-1)^2', 'x^2+2x+1', false],
  ['3x-6+x^3', 'x^3+3x-6', true],
  ['15x-80', '15x - 80', true],
  ['5(3x-16)', '15x - 80', true],
  ['2k', '2k', true],
  ['k+k', '2k', true],
  ['3k', '2k', false],
  ['ab+2a+5b+10', '(a+5)(b+2)', true],
  ['(a+5)(b+3)', '(a+5)(b+2)', false],
  ['\\sin^2 x + \\cos^2 x', '1', false], // an integer answer must be written as one
  ['e^{i\\pi}+2', '1+0i', true],
  ['\\binom{5}{2}', '\\binom{5}{3}', true],
  ['\\binom{6}{2}', '\\binom{5}{3}', false],
];

const structureRows: Row[] = [
  ['(6,31,-1)', '(6,31,-1)', true],
  ['(6, 31, -1)', '(6,31,-1)', true],
  ['(6,31,1)', '(6,31,-1)', false],
  ['(6,31)', '(6,31,-1)', false],
  ['[6,31,-1]', '(6,31,-1)', false],
  ['(-2,1)', '(-2,1)', true],
  ['(1,-2)', '(-2,1)', false],
  ['(5,\\infty)', '(5,\\infty)', true],
  ['[5,\\infty)', '(5,\\infty)', false],
  ['(5, \\infty)', '(5,\\infty)', true],
  ['(-\\infty,2)\\cup(3,\\infty)', '(-\\infty, 2) \\cup (3, \\infty)', true],
  ['(-\\infty,2]\\cup(3,\\infty)', '(-\\infty, 2) \\cup (3, \\infty)', false],
  ['(-\\infty,2)', '(-\\infty, 2) \\cup (3, \\infty)', false],
  ['(2,12)\\cup(12,102)', '(2,12) \\cup (12,102)', true],
  ['(2,12)\\cup(12,101)', '(2,12) \\cup (12,102)', false],
  ['(15,-29)', '(15,-29)', true],
  ['(15,-29.0)', '(15,-29)', true],
  ['(\\frac{30}{2},-29)', '(15,-29)', false], // the integer rule applies element-wise
  ['(3,\\pi/2)', '\\left( 3, \\frac{\\pi}{2} \\right)', true],
  ['(3,\\pi)', '\\left( 3, \\frac{\\pi}{2} \\right)', false],
  ['\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', true],
  ['\\begin{pmatrix}1/5\\\\-18/5\\end{pmatrix}', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', true],
  ['\\begin{pmatrix} 1/5 \\\\ 18/5 \\end{pmatrix}', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', false],
  ['\\begin{bmatrix} 1/5 \\\\ -18/5 \\end{bmatrix}', '\\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix}', true],
  ['\\{1,2\\}', '\\{1,2\\}', true],
  ['\\{1,3\\}', '\\{1,2\\}', false],
  ['\\{2,1\\}', '\\{1,2\\}', true], // a set in another order
  ['\\{2,2\\}', '\\{1,2\\}', false],
  ['(2,1)', '(1,2)', false], // but a tuple is ordered
];

const groundTruthRows: Row[] = [
  ['72', 72, true],
  ['72', 72.0, true],
  ['0.5', 0.5, true],
  ['72', '\\boxed{72}', true],
  ['\\frac{1}{2}', 'The answer is \\boxed{\\frac12}.', true],
  ['72', 'Natalia sold 48 clips.\n#### 72', true],
  ['72', ['71', '72'], true],
  ['72', [71, 73], false],
  ['\\frac{1}{2}', ['0.25', '\\frac{1}{2}'], true],
];

/** Where the reference grader is mathematically wrong, and this one is right (see README). */
const deliberateDifferenceRows: Row[] = [
  // Reference: latex2text drops the parentheses of \frac{1-\sqrt5}{2}, so the quotient written with / is rejected.
  ['(1-\\sqrt{5})/2', '\\frac{1-\\sqrt5}{2}', true],
  ['(1+\\sqrt{5})/2', '\\frac{1-\\sqrt5}{2}', false],
  ['\\frac{1+\\sqrt{5}}{2}', '(1+\\sqrt{5})/2', true],
  // Reference: \binom{5}{2} becomes the text "52".
  ['\\binom{5}{2}', '52', false],
  ['52', '\\binom{5}{2}', false],
  ['10', '\\binom{5}{2}', false], // not 52, and an integer answer must not be left as a binomial either
  // Reference: single letters are stripped as units, so every one-letter choice matched every other.
  ['(a)', '(c)', false],
  ['(c)', '(c)', true],
  ['a', 'c', false],
  ['\\sqrt{ab}', '\\sqrt{bc}', false],
  ['5\\text{ m}', '5', true], // a unit in \\text{} is still a unit
  ['5m', '5', false], // but a bare letter is a variable
];

const allRows: [string, Row[]][] = [
  ['normalization', normalizationRows],
  ['numbers', numberRows],
  ['fractions', fractionRows],
  ['symbolic', symbolicRows],
  ['tuples, intervals, matrices, sets', structureRows],
  ['ground-truth forms', groundTruthRows],
  ['deliberate differences from the reference', deliberateDifferenceRows],
];

describe('grade', () => {
  for (const [name, rows] of allRows) {
    describe(name, () => {
      it.each(rows)('grade(%j, %j) = %s', (model, truth, expected) => {
        expect(grade(model, truth)).toBe(expected);
      });
    });
  }

  it('reports how the verdict was reached', () => {
    expect(gradeDetailed('1e6', '1000000')).toMatchObject({ correct: true, method: 'number', casCalls: 0 });
    expect(gradeDetailed('\\text{Evelyn}', 'Evelyn')).toMatchObject({
      correct: true,
      method: 'string',
      casCalls: 0,
    });
    expect(gradeDetailed('(1-\\sqrt{5})/2', '\\frac{1-\\sqrt5}{2}')).toMatchObject({
      correct: true,
      casCalls: 1,
    });
    expect(gradeDetailed('(x+1)^2', 'x^2+2x+1')).toMatchObject({ correct: true, method: 'numeric' });
  });

  it('rejects a missing or empty ground truth with a clear error', () => {
    expect(() => grade('1', '')).toThrow(/ground truth: value is empty/);
    expect(() => grade('1', '   ')).toThrow(/empty/);
    expect(() => grade('1', undefined as unknown as string)).toThrow(/ground truth: value is undefined/);
    expect(() => grade('1', null as unknown as string)).toThrow(/value is null/);
    expect(() => grade('1', [])).toThrow(/empty list/);
    expect(() => grade('1', Number.NaN)).toThrow(/finite/);
    expect(() => grade('1', ['2', {} as unknown as string])).toThrow(/entry 1 is object/);
  });

  it('never throws on the model answer', () => {
    for (const junk of [
      '',
      '}{',
      '\\',
      '\\frac{',
      '^^^',
      '\u0000\u0001\uffff',
      '{'.repeat(3000),
      'x'.repeat(10_000),
    ]) {
      expect(grade(junk, '5')).toBe(false);
      expect(grade(junk, 'x^2+1')).toBe(false);
    }
    expect(grade(undefined as unknown as string, '5')).toBe(false);
  });
});
