/**
 * Table-driven grading over the real reference answers in ../shared/datasets (GSM8K test, MATH-500):
 * for each row, a correct response, responses written differently but equivalent, and wrong ones,
 * through r1ZeroRewardFn / questionOnlyRewardFn / grade. Each expected verdict follows from how the
 * response was built (the reference itself, a rewriting that preserves its value, or a changed value).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  extractBoxed,
  extractGsm8kAnswer,
  grade,
  parseGsm8kResponse,
  parseNumberLiteral,
  questionOnlyRewardFn,
  r1ZeroRewardFn,
} from '@reasonrl/math-grading';
import { describe, expect, it } from 'vitest';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const jsonl = <T>(path: string): T[] =>
  readFileSync(`${DATASETS}${path}`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

const r1 = (answer: string) => `Let me work it out.</think> <answer>${answer}</answer>`;

describe('GSM8K test set (first 60 rows)', () => {
  const rows = jsonl<{ question: string; answer: string }>('gsm8k/test.jsonl').slice(0, 60);
  const cases: [string, string, string, number][] = [];
  for (const [i, row] of rows.entries()) {
    const gt = extractGsm8kAnswer(row.answer);
    const n = Number(gt);
    const withCommas = n.toLocaleString('en-US', { maximumFractionDigits: 20 });
    cases.push(
      [`#${i} plain`, r1(gt), gt, 1],
      [`#${i} boxed`, r1(`The total is \\boxed{${gt}}.`), gt, 1],
      [`#${i} commas`, r1(withCommas), gt, 1],
      [`#${i} dollars and cents`, r1(`\\$${gt}.00`), gt, 1],
      [`#${i} off by one`, r1(String(n + 1)), gt, 0],
      [`#${i} off by ten`, r1(String(n === 0 ? 10 : n * 10)), gt, 0],
    );
  }
  it.each(cases)('%s', (_name, response, gt, reward) => {
    expect(r1ZeroRewardFn(response, gt).reward).toBe(reward);
  });

  it.each(rows.map((row, i) => [i, row.answer] as const))(
    '#%i worked solution as ground truth',
    (_i, solution) => {
      const gt = extractGsm8kAnswer(solution);
      expect(grade(gt, solution)).toBe(true);
      expect(parseGsm8kResponse(solution)).toBe(gt);
      expect(questionOnlyRewardFn(`so \\boxed{${gt}}`, solution).reward).toBe(1);
    },
  );
});

interface MathRow {
  problem: string;
  solution: string;
  answer: string;
}
const math = jsonl<MathRow>('math500/test.jsonl');

describe('MATH-500: every reference answer', () => {
  it('has 500 rows', () => expect(math).toHaveLength(500));
  const cases = math.map((row, i) => [i, row] as const);
  it.each(cases)(
    '#%i: boxed in the solution, r1 format and question-only are right; changed values are wrong',
    (_i, row) => {
      const gt = row.answer;
      expect(grade(extractBoxed(row.solution) ?? '', gt)).toBe(true);
      expect(r1ZeroRewardFn(r1(`\\boxed{${gt}}`), gt)).toMatchObject({ formatReward: 1, reward: 1 });
      expect(questionOnlyRewardFn(`Therefore the answer is $\\boxed{${gt}}$.`, gt).reward).toBe(1);
      const value = parseNumberLiteral(gt.replace(/,\\!\s*/g, ','));
      if (value !== null) expect(grade(String(value + 1), gt)).toBe(false);
      expect(grade(`${gt}+1`, gt)).toBe(false);
      expect(grade(`2\\left(${gt}\\right)`, gt)).toBe(false); // for 0 too: an integer must be written as one
    },
  );
});

/** [row, its reference answer (checked), an equivalent answer written differently]. */
const equivalents: [number, string, string][] = [
  [0, '\\left( 3, \\frac{\\pi}{2} \\right)', '(3, \\frac{\\pi}{2})'],
  [0, '\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\pi/2)'],
  [1, 'p - q', '-q+p'],
  [2, '\\frac{14}{3}', '14/3'],
  [2, '\\frac{14}{3}', '\\dfrac{14}{3}'],
  [4, '\\text{Evelyn}', 'Evelyn'],
  [7, '90^\\circ', '90'],
  [8, '3\\sqrt{13}', '\\sqrt{117}'],
  [14, '\\sqrt{51}', '\\sqrt {51}'],
  [15, '6 - 5i', '-5i+6'],
  [17, '\\pi', '\\frac{2\\pi}{2}'],
  [20, '6+9i', '9i+6'],
  [23, 'x=5', '5'],
  [25, '1,-2', '1, -2'],
  [28, '-2 + 7i', '7i-2'],
  [31, '11\\sqrt2', '11\\sqrt{2}'],
  [43, '70 \\sqrt{2}', '\\sqrt{9800}'],
  [44, '1.25', '\\frac{5}{4}'],
  [44, '1.25', '5/4'],
  [53, '-\\frac{\\pi}{6}', '-\\pi/6'],
  [54, '0.15', '\\frac{3}{20}'],
  [64, '\\frac{35}{64}', '0.546875'],
  [73, '\\frac{3\\sqrt{3}}{4}', '\\frac{3}{4}\\sqrt{3}'],
  [74, '\\cot x', '\\frac{\\cos x}{\\sin x}'],
  [98, '2k+2', '2(k+1)'],
  [102, '(a+5)(b+2)', '(b+2)(a+5)'],
  [103, '(3,4]', '(3, 4]'],
  [106, '\\frac43', '\\frac{4}{3}'],
  [126, '1+274i', '274i+1'],
  [143, '3 \\sqrt{5}', '\\sqrt{45}'],
  [146, '\\frac{\\sqrt{3}}{3}', '\\frac{1}{\\sqrt{3}}'],
  [154, '2\\sqrt{113}', '\\sqrt{452}'],
  [157, '\\frac65', '1.2'],
  [162, '\\dfrac{17}{50}', '0.34'],
  [163, '-\\frac{35}{9}', '\\frac{-35}{9}'],
  [164, '-\\sqrt{3}', '-\\sqrt3'],
  [166, '\\frac{270}7\\text{ degrees}', '\\frac{270}{7}'],
  [176, '.0000672', '6.72e-5'],
  [176, '.0000672', '0.0000672'],
  [179, '5x - 7y + 11z + 4 = 0', '5x-7y+11z+4=0'],
  [184, '(2,\\infty)', '(2, \\infty)'],
  [198, '10,\\!080', '10080'],
  [206, '\\left( \\frac{3}{2}, -13 \\right)', '(1.5, -13)'],
  [217, '11,\\! 111,\\! 111,\\! 100', '11111111100'],
  [227, '\\text{(C)}', '(C)'],
  [228, '288 \\pi', '288\\pi'],
  [232, '\\frac{1997}{2}', '998.5'],
  [242, '\\$32,\\!348', '32348'],
  [242, '\\$32,\\!348', '\\$32,348'],
  [245, '-13x+3', '3-13x'],
  [257, '864 \\mbox{ inches}^2', '864'],
  [274, '18+2\\pi', '2\\pi+18'],
  [293, '\\left(\\frac{3}{5},\\frac{8}{3}\\right]', '(0.6, \\frac{8}{3}]'],
  [301, '5.4 \\text{ cents}', '5.4'],
  [307, '(-\\infty, 0]', '(-\\infty,0]'],
  [313, '12\\pi', '\\pi \\cdot 12'],
  [318, '\\frac{11+9a}{20}', '\\frac{11}{20}+\\frac{9a}{20}'],
  [343, '58,500', '58500'],
  [347, '6r^2-4r-24', '2(3r^2-2r-12)'],
  [352, '11 \\sqrt{5} + 11', '11(\\sqrt{5}+1)'],
  [356, '(-\\sqrt{3}, \\sqrt{3})', '(-\\sqrt3,\\sqrt3)'],
  [364, '(1,-16,-4,43)', '(1, -16, -4, 43)'],
  [373, '1+2i', '2i+1'],
  [380, '(0,9) \\cup (9,36)', '(0,9)\\cup(9,36)'],
  [382, '\\frac{20000}{\\pi}', '20000/\\pi'],
  [389, '\\frac{\\sqrt{21}}{5}', '\\sqrt{21}/5'],
  [394, '-\\frac{3}{8}', '-0.375'],
];

/** [row, its reference answer (checked), a near miss that must be wrong]. */
const nearMisses: [number, string, string][] = [
  [0, '\\left( 3, \\frac{\\pi}{2} \\right)', '(3, \\frac{\\pi}{3})'],
  [0, '\\left( 3, \\frac{\\pi}{2} \\right)', '(\\frac{\\pi}{2}, 3)'],
  [1, 'p - q', 'q - p'],
  [8, '3\\sqrt{13}', '\\sqrt{115}'],
  [15, '6 - 5i', '6 + 5i'],
  [44, '1.25', '\\frac{5}{3}'],
  [74, '\\cot x', '\\tan x'],
  [96, '1 \\pm \\sqrt{19}', '1 + \\sqrt{19}'],
  [96, '1 \\pm \\sqrt{19}', '\\sqrt{19} \\pm 1'],
  [98, '2k+2', '2k+1'],
  [102, '(a+5)(b+2)', '(a+2)(b+5)'],
  [103, '(3,4]', '(3,4)'],
  [103, '(3,4]', '[3,4]'],
  [146, '\\frac{\\sqrt{3}}{3}', '\\sqrt{3}'],
  [176, '.0000672', '.000672'],
  [184, '(2,\\infty)', '[2,\\infty)'],
  [227, '\\text{(C)}', '\\text{(D)}'],
  [293, '\\left(\\frac{3}{5},\\frac{8}{3}\\right]', '(0.6, \\frac{8}{3})'],
  [347, '6r^2-4r-24', '6r^2+4r-24'],
  [380, '(0,9) \\cup (9,36)', '(0,36)'],
  [394, '-\\frac{3}{8}', '0.375'],
];

describe('MATH-500: equivalent answers written differently', () => {
  it.each(equivalents)('#%i %j == %j', (row, gt, answer) => {
    expect(math[row].answer).toBe(gt);
    expect(r1ZeroRewardFn(r1(answer), gt).reward).toBe(1);
  });
});

describe('MATH-500: near misses', () => {
  it.each(nearMisses)('#%i %j != %j', (row, gt, answer) => {
    expect(math[row].answer).toBe(gt);
    expect(r1ZeroRewardFn(r1(answer), gt)).toMatchObject({ formatReward: 1, reward: 0 });
  });
});
