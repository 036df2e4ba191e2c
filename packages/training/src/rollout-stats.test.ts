import type { Completion } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import {
  logprobDiffMetrics,
  maskedMeanOf,
  responseLengthMetrics,
  rewardMetrics,
  std,
} from './rollout-stats.js';

const r = (reward: number, formatReward: number) => ({ reward, formatReward, answerReward: reward });
const c = (n: number, finishReason: Completion['finishReason']): Completion => ({
  text: '',
  tokenIds: new Array(n).fill(1),
  finishReason,
});

describe('rollout stats', () => {
  it('reward metrics by hand: groups [1,0] and [1,1]', () => {
    const m = rewardMetrics([r(1, 1), r(0, 1), r(1, 1), r(1, 0)], 2);
    expect(m['reward/total']).toBeCloseTo(0.75, 12);
    expect(m['reward/format']).toBeCloseTo(0.75, 12);
    expect(m['reward/answer']).toBeCloseTo(0.75, 12);
    expect(m.reward_std).toBeCloseTo(0.5, 12); // sqrt(((.25)*3 + (.5625)) / 3) = sqrt(0.25)
    expect(m.frac_zero_std_groups).toBe(0.5);
    expect(() => rewardMetrics([r(1, 1)], 2)).toThrow('1 rewards cannot be split into groups of 2');
  });

  it('std is unbiased', () => {
    expect(std([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(std([1])).toBeNaN();
  });

  it('response lengths and truncation', () => {
    expect(responseLengthMetrics([c(2, 'stop'), c(6, 'length'), c(4, 'eos'), c(8, 'length')])).toEqual({
      'response_length/mean': 5,
      'response_length/max': 8,
      'response_length/truncated_fraction': 0.5,
    });
  });

  it('masked mean over all entries', () => {
    expect(
      maskedMeanOf(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        [
          [0, 1, 1],
          [1, 0, 0],
        ],
      ),
    ).toBeCloseTo(3, 12);
    expect(() => maskedMeanOf([[1]], [[1, 0]])).toThrow('row 0 has 1 values but 2 mask entries');
  });

  it('sampler vs trainer log-prob difference on response positions only', () => {
    const m = logprobDiffMetrics(
      [[-1, -2], [-0.5]],
      [
        [9, -1.1, -2.3],
        [-0.4, 9, 9],
      ],
      [
        [0, 1, 1],
        [1, 0, 0],
      ],
    );
    expect(m['logprob_diff/mean_abs']).toBeCloseTo((0.1 + 0.3 + 0.1) / 3, 12);
    expect(m['logprob_diff/max_abs']).toBeCloseTo(0.3, 12);
    expect(() => logprobDiffMetrics([[-1]], [[0, 0]], [[1, 1]])).toThrow(
      'row 0 has 1 sampler log-probs but 2 response tokens',
    );
  });
});
