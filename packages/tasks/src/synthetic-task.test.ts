import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from './arithmetic-expression.js';
import { generateSyntheticProblems, SYNTHETIC_SPLITS, syntheticSplitOf } from './synthetic-task.js';

describe('synthetic task', () => {
  it('is reproducible from its seed', () => {
    const a = generateSyntheticProblems({ split: 'train', count: 20, seed: 3 });
    const b = generateSyntheticProblems({ split: 'train', count: 20, seed: 3 });
    const c = generateSyntheticProblems({ split: 'train', count: 20, seed: 4 });
    expect(a).toEqual(b);
    expect(a.map((p) => p.question)).not.toEqual(c.map((p) => p.question));
  });

  it('splits never overlap, even across seeds', () => {
    const sets = SYNTHETIC_SPLITS.map(
      (split) =>
        new Set(
          [0, 1].flatMap((seed) =>
            generateSyntheticProblems({ split, count: 150, seed }).map((p) => p.question),
          ),
        ),
    );
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) for (const q of sets[i]) expect(sets[j].has(q)).toBe(false);
    }
    for (const [k, split] of SYNTHETIC_SPLITS.entries())
      for (const q of sets[k]) expect(syntheticSplitOf(q)).toBe(split);
  });

  it('writes solutions whose arithmetic checks out and whose answer is the ground truth', () => {
    const problems = generateSyntheticProblems({
      split: 'validation',
      count: 60,
      seed: 1,
      minSteps: 1,
      maxSteps: 4,
      maxNumber: 99,
    });
    const stepCounts = new Set<number>();
    for (const p of problems) {
      const trace = String(p.meta?.trace);
      const plain = String(p.meta?.plain);
      expect(trace.endsWith(`</think> <answer> ${p.groundTruth} </answer>`)).toBe(true);
      expect(trace.startsWith(' ')).toBe(true);
      expect(plain.startsWith('Solution: ')).toBe(true);
      expect(plain.endsWith(`The answer is ${p.groundTruth}.`)).toBe(true);
      const equations = [...trace.matchAll(/(\d+) ([-+*/]) (\d+) = (\d+)\./g)];
      expect(equations.length).toBe(p.meta?.steps);
      stepCounts.add(equations.length);
      for (const [, a, op, b, r] of equations) expect(evaluateArithmetic(`${a} ${op} ${b}`)).toBe(Number(r));
      expect(equations.at(-1)?.[4]).toBe(p.groundTruth);
      expect(Number.isInteger(Number(p.groundTruth))).toBe(true);
      // Numbers in the question stay below 100; the text stays short for ~512-token contexts.
      for (const n of p.question.match(/\d+/g) ?? []) expect(Number(n)).toBeLessThan(100);
      expect(p.question.length).toBeLessThan(400);
    }
    expect([...stepCounts].sort()).toEqual([1, 2, 3, 4]);
  });

  it('grades difficulty by steps and number size, and rejects bad options', () => {
    const easy = generateSyntheticProblems({
      split: 'test',
      count: 10,
      seed: 0,
      minSteps: 1,
      maxSteps: 1,
      maxNumber: 9,
    });
    for (const p of easy) expect(p.meta?.steps).toBe(1);
    expect(() => generateSyntheticProblems({ count: 0, maxSteps: 0 })).toThrow(
      /count must be an integer >= 1, got 0\n {2}- maxSteps must be/,
    );
  });
});
