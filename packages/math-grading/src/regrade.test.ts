import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countCategories, regradeResultsFile } from './regrade.js';
import { questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

const dir = mkdtempSync(join(tmpdir(), 'regrade-'));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
};

describe('regradeResultsFile', () => {
  it('re-grades every line and counts the CS336 categories', async () => {
    const path = file('ok.jsonl', [
      JSON.stringify({ response: 'a</think> <answer>72</answer>', ground_truth: '72', reward: 0 }),
      JSON.stringify({ response: 'a</think> <answer>71</answer>', groundTruth: '72' }),
      '',
      JSON.stringify({ output: 'no format', answer: '#### 5' }),
      JSON.stringify({
        response: 'a</think> <answer>\\boxed{\\frac12}</answer>',
        answer: ['0.5'],
        rewards: { reward: 1 },
      }),
    ]);
    const { counts, lines } = await regradeResultsFile(path, r1ZeroRewardFn);
    expect(counts).toEqual({
      total: 4,
      correct: 2,
      formattedWrong: 1,
      unformatted: 1,
      timedOut: 0,
      meanReward: 0.5,
    });
    expect(lines.map((l) => l.line)).toEqual([1, 2, 4, 5]);
    expect(lines[0].previousReward).toBe(0);
    expect(lines[3].previousReward).toBe(1);
    expect(lines[1].previousReward).toBeUndefined();
  });

  it('accepts a Grader object and custom field names', async () => {
    const path = file('custom.jsonl', [JSON.stringify({ gen: 'so \\boxed{4}', ref: 4 })]);
    const grader = { grade: questionOnlyRewardFn };
    const { counts } = await regradeResultsFile(path, grader, {
      responseFields: ['gen'],
      groundTruthFields: ['ref'],
    });
    expect(counts.correct).toBe(1);
  });

  it.each([
    ['not json', ['{"response": "x", "answer": "1"}', '{oops'], /bad\.jsonl:2: not valid JSON/],
    ['not an object', ['[1,2]'], /bad\.jsonl:1: expected a JSON object/],
    ['no response', ['{"answer": "1"}'], /bad\.jsonl:1: no response field \(tried response, output/],
    [
      'response not a string',
      ['{"response": 5, "answer": "1"}'],
      /bad\.jsonl:1: field 'response' must be a string, got number/,
    ],
    ['no ground truth', ['{"response": "x"}'], /bad\.jsonl:1: no ground-truth field/],
    ['empty ground truth', ['{"response": "x", "answer": ""}'], /bad\.jsonl:1: field 'answer': .*empty/],
  ])('names file, line and field for %s', async (_what, lines, message) => {
    await expect(regradeResultsFile(file('bad.jsonl', lines), r1ZeroRewardFn)).rejects.toThrow(message);
  });

  it('says when the file cannot be read', async () => {
    await expect(regradeResultsFile(join(dir, 'missing.jsonl'), r1ZeroRewardFn)).rejects.toThrow(
      /missing\.jsonl: cannot read/,
    );
  });
});

describe('countCategories', () => {
  it('counts timeouts from metadata and averages the reward', () => {
    const counts = countCategories([
      { reward: 1, formatReward: 1, answerReward: 1 },
      { reward: 0, formatReward: 1, answerReward: 0, metadata: { timedOut: true } },
      { reward: 0, formatReward: 0, answerReward: 0 },
      { reward: 0, formatReward: 0, answerReward: 0 },
    ]);
    expect(counts).toEqual({
      total: 4,
      correct: 1,
      formattedWrong: 1,
      unformatted: 2,
      timedOut: 1,
      meanReward: 0.25,
    });
  });
});
