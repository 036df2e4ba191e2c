import { syntheticSplitOf } from '@reasonrl/tasks';
import { describe, expect, it } from 'vitest';
import { pretrainingDocuments, tokenizerCorpus } from './corpus.js';

const take = (n: number, seed = 0) => {
  const it = pretrainingDocuments(seed);
  return Array.from({ length: n }, () => it.next().value);
};

describe('pretrainingDocuments', () => {
  it('is the same stream for the same seed and another for another seed', () => {
    expect(take(50)).toEqual(take(50));
    expect(take(50, 1)).not.toEqual(take(50));
  });

  it('never shows the r1_zero trace format, only plain solutions, chat-framed ones and drills', () => {
    const docs = take(2000);
    for (const d of docs) {
      expect(d).not.toMatch(/<think>|<\/think>|<answer>|<\/answer>/);
      expect(d).toMatch(/The answer is \d+\.$|^(\d+ [-+*/] \d+ = \d+\.\s?)+$/);
    }
    const plain = docs.filter((d) => d.includes('\nSolution: ') && !d.startsWith('User: '));
    const chat = docs.filter((d) => d.startsWith('User: ') && d.includes('\nAssistant: Solution: '));
    const drill = docs.filter((d) => /^\d/.test(d));
    // Shares 0.4 / 0.2 / 0.4 of 2000: each within 4 binomial standard deviations (< 90 documents).
    expect(Math.abs(plain.length - 800)).toBeLessThan(90);
    expect(Math.abs(chat.length - 400)).toBeLessThan(90);
    expect(Math.abs(drill.length - 800)).toBeLessThan(90);
  });

  it('takes every problem from the train split, so validation and test questions are never pretrained on', () => {
    for (const d of take(500)) {
      if (/^\d/.test(d)) continue;
      const question = d.replace(/^User: /, '').split('\n')[0];
      expect(syntheticSplitOf(question)).toBe('train');
    }
  });

  it('states true arithmetic: every "a op b = c." fact holds', () => {
    let facts = 0;
    for (const d of take(300))
      for (const [, a, op, b, c] of d.matchAll(/(\d+) ([-+*/]) (\d+) = (\d+)\./g)) {
        const x = Number(a);
        const y = Number(b);
        const want = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : x / y;
        expect(Number(c)).toBe(want);
        facts++;
      }
    expect(facts).toBeGreaterThan(600);
  });
});

describe('tokenizerCorpus', () => {
  it('holds the r1_zero prompt and both solution styles, so the tokenizer covers fine-tuning text too', () => {
    const texts = tokenizerCorpus(0, 20);
    expect(texts[0]).toContain('<think> reasoning process here </think>');
    expect(texts.slice(1).every((t) => t.includes('The answer is') && t.includes('</answer>'))).toBe(true);
  });
});
