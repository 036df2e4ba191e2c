import { type Problem, ReasonrlError } from '@reasonrl/core';
import { JsonlError } from '@reasonrl/run-io';
import { evaluateArithmetic } from './arithmetic-expression.js';
import { describe, problemId, type RecordSource, requireInteger } from './record-fields.js';

/** A Countdown instance: reach `target` with each of `nums` used exactly once and `+ - * /`. */
export interface CountdownTarget {
  nums: number[];
  target: number;
}

/** TinyZero's question text for a Countdown instance. */
export function countdownQuestion({ nums, target }: CountdownTarget): string {
  return (
    `Using the numbers [${nums.join(', ')}], create an equation that equals ${target}. ` +
    'You can use basic arithmetic operations (+, -, *, /) and each number can only be used once. ' +
    'Show the final equation in <answer> </answer> tags, for example <answer> (1 + 2) / 3 </answer>.'
  );
}

/** The ground truth a Countdown Problem carries: `{"nums":[...],"target":N}` as a JSON string. */
export function encodeCountdownTarget(t: CountdownTarget): string {
  return JSON.stringify({ nums: t.nums, target: t.target });
}

/** Inverse of `encodeCountdownTarget`. @throws ReasonrlError COUNTDOWN_TARGET_INVALID */
export function decodeCountdownTarget(groundTruth: unknown): CountdownTarget {
  let v: unknown;
  try {
    v = typeof groundTruth === 'string' ? JSON.parse(groundTruth) : undefined;
  } catch {
    v = undefined;
  }
  const o = v as Partial<CountdownTarget> | undefined;
  if (
    !o ||
    !Array.isArray(o.nums) ||
    !o.nums.every(Number.isSafeInteger) ||
    !Number.isSafeInteger(o.target)
  ) {
    throw new ReasonrlError(
      'COUNTDOWN_TARGET_INVALID',
      `a countdown ground truth must be '{"nums":[int,...],"target":int}', got ${JSON.stringify(groundTruth)}`,
    );
  }
  return { nums: o.nums, target: o.target as number };
}

/**
 * One Countdown line as a Problem: `{"nums": [30, 100, 93], "target": 23}` (the normalized file) or the
 * d1 original `{"input": "30,100,93", "output": "23"}`.
 */
export function parseCountdownRecord(record: Record<string, unknown>, at: RecordSource): Problem {
  let nums: number[];
  let target: number;
  if (record.nums !== undefined) {
    if (
      !Array.isArray(record.nums) ||
      record.nums.length < 2 ||
      !record.nums.every((n) => Number.isSafeInteger(n))
    ) {
      throw new JsonlError(
        at.file,
        at.line,
        `expected a list of at least 2 integers, got ${describe(record.nums)}`,
        'nums',
      );
    }
    nums = record.nums as number[];
    target = requireInteger(record, 'target', at);
  } else if (typeof record.input === 'string') {
    const parts = record.input.split(',').map((s) => s.trim());
    if (parts.length < 2 || !parts.every((p) => /^-?\d+$/.test(p))) {
      throw new JsonlError(
        at.file,
        at.line,
        `expected comma-separated integers like "30,100,93", got ${describe(record.input)}`,
        'input',
      );
    }
    nums = parts.map(Number);
    target = requireInteger(record, 'output', at);
  } else {
    throw new JsonlError(
      at.file,
      at.line,
      "missing: a Countdown record needs 'nums' and 'target' (or 'input' and 'output')",
      'nums',
    );
  }
  const t = { nums, target };
  return {
    id: problemId(record, at),
    question: countdownQuestion(t),
    groundTruth: encodeCountdownTarget(t),
    meta: { nums, target },
  };
}

/** Why a Countdown equation failed, or 'correct'. */
export type CountdownVerdict = 'correct' | 'wrong-numbers' | 'invalid-expression' | 'wrong-value';

/**
 * TinyZero's check: the integers in `equation` are exactly `nums` as a multiset, the text is a plain
 * arithmetic expression, and its value is within 1e-5 of `target`.
 */
export function verifyCountdownEquation(
  equation: string,
  { nums, target }: CountdownTarget,
): CountdownVerdict {
  const used = (equation.match(/\d+/g) ?? []).map(Number).sort((a, b) => a - b);
  const given = [...nums].sort((a, b) => a - b);
  if (used.length !== given.length || used.some((n, k) => n !== given[k])) return 'wrong-numbers';
  let value: number;
  try {
    value = evaluateArithmetic(equation);
  } catch {
    return 'invalid-expression';
  }
  return Math.abs(value - target) < 1e-5 ? 'correct' : 'wrong-value';
}
