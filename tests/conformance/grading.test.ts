/**
 * CS336 A5 `tests/test_metrics.py` string vectors (../shared/conformance/cs336/test_metrics.json) through
 * ./adapters.ts, plus the reward functions reached by their assignment names.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  extractBoxed,
  extractGsm8kAnswer,
  grade,
  questionOnlyRewardFn,
  r1ZeroRewardFn,
  runParseGsm8kResponse,
  runParseMmluResponse,
} from './adapters.js';

const VECTORS = fileURLToPath(
  new URL('../../../shared/conformance/cs336/test_metrics.json', import.meta.url),
);
interface MetricVector {
  adapter: string;
  inputs: { model_output: string; mmlu_example?: { options: string[] } };
  expected: string | null;
  assert: string;
}
const vectors = (JSON.parse(readFileSync(VECTORS, 'utf8')) as { tests: Record<string, MetricVector> }).tests;
const entries = Object.entries(vectors);

describe('test_metrics.json', () => {
  it('has the four string tests', () => {
    expect(entries.map(([name]) => name.split('::')[1]).sort()).toEqual([
      'test_parse_gsm8k_response',
      'test_parse_gsm8k_response_unknown',
      'test_parse_mmlu_response',
      'test_parse_mmlu_response_unknown',
    ]);
  });

  it.each(entries)('%s', (_name, v) => {
    const got = v.adapter.startsWith('run_parse_mmlu_response')
      ? runParseMmluResponse(v.inputs.mmlu_example ?? { options: [] }, v.inputs.model_output)
      : runParseGsm8kResponse(v.inputs.model_output);
    if (v.expected === null) expect(got || null).toBeNull();
    else expect(got).toBe(v.expected);
  });
});

describe('grading adapters', () => {
  it('reach every drgrpo_grader function by its assignment name', () => {
    expect(r1ZeroRewardFn('x</think> <answer>\\boxed{3}</answer>', '3')).toMatchObject({
      formatReward: 1,
      answerReward: 1,
      reward: 1,
    });
    expect(questionOnlyRewardFn('\\boxed{3}', '4')).toMatchObject({ formatReward: 1, reward: 0 });
    expect(grade('\\frac{1}{2}', '0.5')).toBe(true);
    expect(extractBoxed('a \\boxed{b}')).toBe('b');
    expect(extractGsm8kAnswer('x\n#### 1,080')).toBe('1080');
  });
});
