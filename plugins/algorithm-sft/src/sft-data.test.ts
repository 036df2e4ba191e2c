import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Grader } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import { examplesFromProblems, filterCorrect, limitExamples, readSftJsonl } from './sft-data.js';

/** A real (if tiny) grader: the text after the last "=" must equal the reference. */
const lastEquals: Grader = {
  name: 'last_equals',
  grade: (response, gt) => {
    const ok = response.split('=').pop()?.trim() === String(gt);
    return { reward: ok ? 1 : 0, formatReward: 1, answerReward: ok ? 1 : 0 };
  },
};

describe('sft data', () => {
  it('reads prompt/response/ground_truth lines and names a bad field by line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sft-'));
    const ok = join(dir, 'ok.jsonl');
    writeFileSync(
      ok,
      '{"prompt":"1+1","response":"=2","ground_truth":"2"}\n{"prompt":"2+2","response":"=5"}\n',
    );
    expect(readSftJsonl(ok)).toEqual([
      { prompt: '1+1', response: '=2', groundTruth: '2' },
      { prompt: '2+2', response: '=5', groundTruth: undefined },
    ]);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"prompt":"1+1","response":"=2"}\n{"prompt":"x","response":3}\n');
    expect(() => readSftJsonl(bad)).toThrow(`${bad}:2: field 'response' must be a string, got number`);
  });

  it('filters to graded-correct examples and limits', async () => {
    const ex = [
      { prompt: 'a', response: '1+1=2', groundTruth: '2' },
      { prompt: 'b', response: '2+2=5', groundTruth: '4' },
      { prompt: 'c', response: '3+3=6', groundTruth: 6 },
    ];
    const kept = await filterCorrect(ex, lastEquals);
    expect(kept.map((e) => e.prompt)).toEqual(['a', 'c']);
    expect(limitExamples(kept, 1).map((e) => e.prompt)).toEqual(['a']);
    expect(limitExamples(kept, 0)).toHaveLength(2);
    await expect(filterCorrect([{ prompt: 'x', response: 'y' }], lastEquals)).rejects.toThrow(
      'example 0 has none',
    );
  });

  it('takes task traces and says what to do when there are none', () => {
    const p = [
      { id: 'p1', question: 'q', groundTruth: 1, meta: { trace: 't </think> <answer> 1 </answer>' } },
    ];
    expect(examplesFromProblems(p, (x) => `Q: ${x.question}`, 'synthetic')).toEqual([
      { prompt: 'Q: q', response: 't </think> <answer> 1 </answer>', groundTruth: 1 },
    ]);
    expect(() =>
      examplesFromProblems([{ id: 'p2', question: 'q', groundTruth: 1 }], (x) => x.question, 'gsm8k'),
    ).toThrow("task 'gsm8k' problem 'p2' has no meta.trace to train on; give sft.dataPath");
  });
});
