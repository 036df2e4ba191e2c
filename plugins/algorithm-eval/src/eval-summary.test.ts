import type { Completion } from '@reasonrl/core';
import { categorize, countCategories } from '@reasonrl/training';
import { describe, expect, it } from 'vitest';
import { buildEvalRecord } from './eval-record.js';
import { formatEvalTable, summarizeEval } from './eval-summary.js';
import { summarizeLogProbs } from './log-probs-summary.js';

const completion = (
  text: string,
  n: number,
  finishReason: Completion['finishReason'] = 'stop',
): Completion => ({
  text,
  tokenIds: Array.from({ length: n }, (_, i) => i),
  logprobs: Array.from({ length: n }, () => Math.log(0.5)),
  finishReason,
});

describe('categories', () => {
  it('puts each (format, answer) pair in its cell', () => {
    expect(categorize(1, 1)).toBe('format1Answer1');
    expect(categorize(1, 0)).toBe('format1Answer0');
    expect(categorize(0, 0)).toBe('format0Answer0');
    expect(categorize(0, 1)).toBe('format0Answer1');
    const rewards = [
      [1, 1],
      [1, 0],
      [0, 0],
      [1, 1],
      [0, 0],
      [0, 0],
    ].map(([formatReward, answerReward]) => ({ formatReward, answerReward }));
    expect(countCategories(rewards)).toEqual({
      format1Answer1: 2,
      format1Answer0: 1,
      format0Answer0: 3,
      format0Answer1: 0,
    });
  });
});

describe('summarizeLogProbs', () => {
  it('sums, averages and takes the minimum', () => {
    const s = summarizeLogProbs([-0.5, -1.5, -1]);
    expect(s?.sum).toBeCloseTo(-3, 12);
    expect(s?.mean).toBeCloseTo(-1, 12);
    expect(s?.min).toBe(-1.5);
    expect(summarizeLogProbs([])).toBeNull();
    expect(summarizeLogProbs(undefined)).toBeNull();
  });
});

describe('summarizeEval', () => {
  const problems = ['a', 'b', 'c', 'd'].map((id) => ({ id, question: `q ${id}`, groundTruth: '1' }));
  const grades = [
    { reward: 1, formatReward: 1, answerReward: 1 },
    { reward: 0, formatReward: 1, answerReward: 0 },
    { reward: 0, formatReward: 0, answerReward: 0 },
    { reward: 1, formatReward: 1, answerReward: 1 },
  ];
  const lengths = [4, 6, 10, 8];
  const records = problems.map((p, i) =>
    buildEvalRecord(
      p,
      i,
      `P ${p.question}`,
      completion(`gen ${p.id}`, lengths[i], i === 2 ? 'length' : 'stop'),
      grades[i],
      500,
    ),
  );

  it('computes accuracy, format rate, counts, lengths and throughput', () => {
    const s = summarizeEval(records, 1, 2);
    expect(s.problems).toBe(4);
    expect(s.accuracy).toBeCloseTo(0.5, 12);
    expect(s.formatRate).toBeCloseTo(0.75, 12);
    expect(s.counts).toEqual({ format1Answer1: 2, format1Answer0: 1, format0Answer0: 1, format0Answer1: 0 });
    expect(s.meanResponseTokens).toBeCloseTo(7, 12);
    // 28 tokens over 4 * 0.5 s of generation.
    expect(s.throughput.generationSeconds).toBeCloseTo(2, 12);
    expect(s.throughput.tokensPerSecond).toBeCloseTo(14, 12);
    expect(s.throughput.problemsPerSecond).toBeCloseTo(2, 12);
    expect(s.truncated).toBe(1);
    expect(s.skippedLines).toBe(2);
    expect(s.examples.format1Answer1.map((e) => e.id)).toEqual(['a']);
    expect(s.examples.format0Answer0).toEqual([
      { id: 'c', problem: 'q c', reference: '1', generation: 'gen c' },
    ]);
    expect(records[0].logProbs?.mean).toBeCloseTo(Math.log(0.5), 12);
  });

  it('prints a table with the three categories', () => {
    const table = formatEvalTable(summarizeEval(records, 10)).join('\n');
    expect(table).toContain(`| ${'accuracy'.padEnd(23)} |      50.0% |`);
    expect(table).toContain(`| ${'format 1, answer 0'.padEnd(23)} |          1 |`);
    expect(table).not.toContain('format 0, answer 1');
  });
});
