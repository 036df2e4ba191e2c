import { describe, expect, it } from 'vitest';
import { mathdNormalizeAnswer } from './normalize-answer.js';

describe('mathdNormalizeAnswer (Hendrycks MATH normalization)', () => {
  it.each([
    ['\\text{Evelyn}', 'Evelyn'],
    ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})'],
    ['10,\\!080', '10,080'],
    ['\\tfrac{1}{2}', '\\frac{1}{2}'],
    ['\\dfrac{17}{50}', '\\frac{17}{50}'],
    ['\\frac12', '\\frac{1}{2}'],
    ['\\frac1{72}', '\\frac{1}{72}'],
    ['\\sqrt3', '\\sqrt{3}'],
    ['30^\\circ', '30'],
    ['30^{\\circ}', '30'],
    ['\\$18.90', '18.90'],
    ['50\\%', '50'],
    ['10\\text{ cm}', '10'],
    ['5 \\text{ inches}', '5'],
    ['x = 5', '5'],
    ['k=-2', '-2'],
    ['0.5', '\\frac{1}{2}'],
    ['.5', '\\frac{1}{2}'],
    ['3/4', '\\frac{3}{4}'],
    ['-3/4', '\\frac{-3}{4}'],
    ['6 - 5i', '6-5i'],
    ['\\pi r', '\\pi r'],
    ['1 \\pm \\sqrt{19}', '1\\pm\\sqrt{19}'],
    ['\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}', '\\begin{pmatrix}1\\2\\end{pmatrix}'],
    ['5 feet', '5'],
    ['30 miles per hour', '30'],
    ['x \\neq 3', 'x\\ne3'],
    ['(a)', '(a)'],
    ['(c)', '(c)'],
    ['\\sqrt{ab}', '\\sqrt{ab}'],
    ['1\\,000', '1000'],
    ['', ''],
  ])('%j -> %j', (answer, expected) => {
    expect(mathdNormalizeAnswer(answer)).toBe(expected);
  });
});
