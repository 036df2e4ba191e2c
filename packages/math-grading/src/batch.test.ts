import { describe, expect, it } from 'vitest';
import { gradeBatch } from './batch.js';
import { questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

describe('gradeBatch (worker threads)', () => {
  const responses = Array.from(
    { length: 60 },
    (_, i) => `think</think> <answer>\\boxed{${i % 3 === 0 ? '\\frac{1}{2}' : String(i)}}</answer>`,
  );
  const truths = responses.map((_, i) => (i % 3 === 0 ? '0.5' : String(i % 2 ? i : i + 1)));

  it('gives the same verdicts as the reward functions on the main thread, in input order', async () => {
    // Both batches at once, so the workers start side by side (worker start-up dominates this test).
    const qo = ['\\boxed{4}', 'no box', '\\boxed{5}'];
    const [batched, qoBatched] = await Promise.all([
      gradeBatch('r1_zero', responses, truths, { threads: 2, chunkSize: 7 }),
      gradeBatch('question_only', qo, ['4', '4', '4'], { threads: 1 }),
    ]);
    const direct = responses.map((r, i) => r1ZeroRewardFn(r, truths[i]));
    expect(batched.map((r) => r.reward)).toEqual(direct.map((r) => r.reward));
    // i % 3 == 0 -> 1/2 = 0.5 (20 of them); otherwise correct exactly when i is odd (20 of the other 40).
    expect(batched.filter((r) => r.reward === 1)).toHaveLength(40);
    expect(qoBatched).toEqual(qo.map((r) => questionOnlyRewardFn(r, '4')));
  });

  it('rejects mismatched lengths and bad ground truths before starting any worker', async () => {
    await expect(gradeBatch('r1_zero', ['a', 'b'], ['1'])).rejects.toThrow(/2 responses but 1 ground truths/);
    await expect(gradeBatch('r1_zero', ['a', 'b'], ['1', ''])).rejects.toThrow(
      /ground truth \[1\]: value is empty/,
    );
    await expect(gradeBatch('r1_zero', [], [])).resolves.toEqual([]);
  });

  it('replaces a worker stuck on one response and scores that response as timed out', async () => {
    // 100000! exceeds the CAS budget; with a stall limit below that budget the pool gives up on it first.
    const stuck = 'x</think> <answer>100000!</answer>';
    const ok = 'x</think> <answer>7</answer>';
    const out = await gradeBatch('r1_zero', [ok, stuck, ok], ['7', '99999!', '7'], {
      threads: 1,
      chunkSize: 3,
      timeoutMs: 5000,
      stallMs: 300,
    });
    expect(out.map((r) => r.reward)).toEqual([1, 0, 1]);
    expect(out[1].metadata).toMatchObject({ timedOut: true, method: 'worker-stalled' });
  });
});

describe('MathAnswerGrader.gradeBatch', () => {
  it('grades a batch below minBatchForThreads on the calling thread, with the same verdicts', async () => {
    const { MathAnswerGrader } = await import('./math-answer-grader.js');
    const { MathGraderConfig } = await import('./grader-config.js');
    const responses = ['x</think> <answer>1</answer>', 'x</think> <answer>2</answer>', 'no format'];
    const truths = ['1', '1', '1'];
    const inline = new MathAnswerGrader('r1_zero', MathGraderConfig.parse({ minBatchForThreads: 2048 }));
    const threaded = new MathAnswerGrader(
      'r1_zero',
      MathGraderConfig.parse({ minBatchForThreads: 1, threads: 1 }),
    );
    const a = await inline.gradeBatch(responses, truths);
    const b = await threaded.gradeBatch(responses, truths);
    expect(a.map((r) => [r.formatReward, r.reward])).toEqual([
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
    expect(b.map((r) => [r.formatReward, r.reward])).toEqual(a.map((r) => [r.formatReward, r.reward]));
    await expect(inline.gradeBatch(responses, ['1'])).rejects.toThrow('3 responses but 1 ground truths');
  });
});
