import { describe, expect, it } from 'vitest';
import { extractR1ZeroAnswer, questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

const r1 = (answer: string, think = 'reasoning') => `${think}</think> <answer>${answer}</answer>`;
const scores = (r: { formatReward: number; answerReward: number; reward: number }) => [
  r.formatReward,
  r.answerReward,
  r.reward,
];

describe('r1ZeroRewardFn', () => {
  it.each([
    // [response, ground truth, [format, answer, reward]]
    [r1('72'), '72', [1, 1, 1]],
    [r1('73'), '72', [1, 0, 0]],
    [r1('\\boxed{72}'), '72', [1, 1, 1]],
    [r1('The answer is \\boxed{1} no wait \\boxed{72}'), '72', [1, 1, 1]],
    [r1('\\boxed{72'), '72', [1, 0, 0]], // malformed box: formatted, wrong
    [r1(' \\frac{1}{2} '), '0.5', [1, 1, 1]],
    ['reasoning</think><answer>72</answer>', '72', [0, 0, 0]], // no space
    ['reasoning</think>  <answer>72</answer>', '72', [0, 0, 0]], // two spaces
    ['reasoning</think> <answer>72', '72', [0, 0, 0]], // no </answer>
    ['72', '72', [0, 0, 0]],
    ['', '72', [0, 0, 0]],
    // text after the last <answer>, every </answer> removed
    ['a</think> <answer>1</answer> <answer>72</answer>', '72', [1, 1, 1]],
    ['a</think> <answer>72</answer></answer>', '72', [1, 1, 1]],
    ['a</think> <answer>7</answer>2', '72', [1, 1, 1]],
    ['<answer>5</answer> a</think> <answer>72</answer>', '72', [1, 1, 1]],
    [r1('72'), ['71', '72'], [1, 1, 1]],
    [r1('72'), 72, [1, 1, 1]],
    [r1('1,080'), 'blah\n#### 1,080', [1, 1, 1]],
    [r1('\\text{(C)}'), '\\boxed{\\text{(C)}}', [1, 1, 1]],
  ])('%j vs %j', (response, truth, expected) => {
    expect(scores(r1ZeroRewardFn(response, truth as string))).toEqual(expected);
  });

  it('puts the extracted answer, the deciding rule and CAS use in metadata', () => {
    const r = r1ZeroRewardFn(r1('\\boxed{(1-\\sqrt{5})/2}'), '\\frac{1-\\sqrt5}{2}');
    expect(r.reward).toBe(1);
    expect(r.metadata).toMatchObject({ extractedAnswer: '(1-\\sqrt{5})/2', timedOut: false, casCalls: 1 });
    expect(r1ZeroRewardFn('x', '1').metadata).toMatchObject({ method: 'unformatted' });
  });

  it('counts a comparison past its time budget as not equal, in metadata', () => {
    const r = r1ZeroRewardFn(r1('(x+1)^2'), 'x^2+2x+1', { timeoutMs: 1e-9 });
    expect(scores(r)).toEqual([1, 0, 0]);
    expect(r.metadata).toMatchObject({ timedOut: true });
    expect(r1ZeroRewardFn(r1('(x+1)^2'), 'x^2+2x+1').metadata).toMatchObject({ timedOut: false });
  });

  it('throws a clear error for a missing ground truth, even on an unformatted response', () => {
    expect(() => r1ZeroRewardFn('no format', '')).toThrow(/ground truth: value is empty/);
    expect(() => r1ZeroRewardFn(r1('1'), undefined as unknown as string)).toThrow(/GRADER|ground truth/);
  });
});

describe('r1ZeroRewardFn on adversarial output (returns a verdict, never throws)', () => {
  const cases: [string, string][] = [
    ['1 MB of thinking', r1('72', 'a'.repeat(1_000_000))],
    ['1 MB answer', r1('9'.repeat(1_000_000))],
    ['thousands of nested braces', r1(`\\boxed{${'{'.repeat(5000)}72${'}'.repeat(5000)}}`)],
    ['unclosed nested braces', r1(`\\boxed{${'{'.repeat(5000)}72`)],
    ['power tower', r1('\\boxed{2^{2^{2^{2^{9}}}}}')],
    ['huge factorial', r1('\\boxed{100000!}')],
    ['unbalanced LaTeX', r1('\\frac{1}{2')],
    ['stray commands', r1('\\left( \\right] \\begin{pmatrix} \\end{')],
    ['binary junk', r1('\u0000\u0007\ud800\uffff\u001b[31m')],
    ['many answers', `x</think> <answer>${'<answer>'.repeat(10_000)}72`],
  ];
  it.each(cases)('%s', (_name, response) => {
    const r = r1ZeroRewardFn(response, '72', { timeoutMs: 200 });
    expect([0, 1]).toContain(r.formatReward);
    expect(r.reward).toBe(r.answerReward);
  });

  it('still grades the right answer after a megabyte of reasoning', () => {
    expect(r1ZeroRewardFn(r1('72', 'a'.repeat(1_000_000)), '72').reward).toBe(1);
    expect(r1ZeroRewardFn(r1(`\\boxed{${'{'.repeat(5000)}72${'}'.repeat(5000)}}`), '72').reward).toBe(0);
  });
});

describe('questionOnlyRewardFn', () => {
  it.each([
    ['So the answer is \\boxed{72}.', '72', [1, 1, 1]],
    ['So the answer is \\boxed{73}.', '72', [1, 0, 0]],
    ['\\boxed{5} ... \\boxed{\\frac{1}{2}}', '0.5', [1, 1, 1]],
    ['The answer is 72.', '72', [0, 0, 0]], // no box
    ['\\boxed{72', '72', [0, 0, 0]], // malformed
    ['<answer>72</answer>', '72', [0, 0, 0]],
    ['\\fbox{72}', '72', [1, 1, 1]],
    ['\\boxed{(3, \\frac{\\pi}{2})}', '\\left( 3, \\frac{\\pi}{2} \\right)', [1, 1, 1]],
  ])('%j vs %j', (response, truth, expected) => {
    expect(scores(questionOnlyRewardFn(response, truth))).toEqual(expected);
  });

  it('never throws on junk, and throws clearly on an empty ground truth', () => {
    expect(scores(questionOnlyRewardFn(`\\boxed{${'{'.repeat(9000)}`, '1'))).toEqual([0, 0, 0]);
    expect(() => questionOnlyRewardFn('\\boxed{1}', [])).toThrow(/empty list/);
  });
});

describe('extractR1ZeroAnswer', () => {
  it('says why there is no answer', () => {
    expect(extractR1ZeroAnswer('x')).toEqual({ failure: 'unformatted' });
    expect(extractR1ZeroAnswer(r1('\\boxed{1'))).toEqual({ failure: 'bad-box' });
    expect(extractR1ZeroAnswer(r1(' 5 '))).toEqual({ answer: ' 5 ' });
  });
});
