import { type Problem, ReasonrlError } from '@reasonrl/core';
import { fnv1a, mulberry32, randInt } from './seeded-random.js';
import {
  drawSyntheticSpec,
  renderPlainSolution,
  renderR1ZeroTrace,
  syntheticQuestion,
} from './synthetic-problem.js';

export const SYNTHETIC_SPLITS = ['train', 'validation', 'test'] as const;
export type SyntheticSplit = (typeof SYNTHETIC_SPLITS)[number];

export interface SyntheticOptions {
  split: SyntheticSplit;
  count: number;
  seed: number;
  /** Operations per problem, drawn uniformly in [minSteps, maxSteps] (difficulty: how many steps). */
  minSteps: number;
  maxSteps: number;
  /** Largest start value and addend/subtrahend (difficulty: size of numbers); below 100 by default. */
  maxNumber: number;
}

export const DEFAULT_SYNTHETIC_OPTIONS: SyntheticOptions = {
  split: 'train',
  count: 1000,
  seed: 0,
  minSteps: 1,
  maxSteps: 4,
  maxNumber: 99,
};

/**
 * Which split a question belongs to: a hash of its exact text, 80% train, 10% validation, 10% test.
 * Splits are a function of the text, so no question can be in two splits, whatever the seeds.
 */
export function syntheticSplitOf(question: string): SyntheticSplit {
  const bucket = fnv1a(question) % 100;
  return bucket < 80 ? 'train' : bucket < 90 ? 'validation' : 'test';
}

/**
 * `count` distinct problems of one split. Each Problem has `groundTruth` = the integer answer (string)
 * and `meta` = { steps, trace (r1_zero SFT target), plain (plain-style solution) }.
 * @throws ReasonrlError SYNTHETIC_OPTIONS_INVALID for bad options, SYNTHETIC_EXHAUSTED when the settings
 *   have too few distinct problems
 */
export function generateSyntheticProblems(options: Partial<SyntheticOptions> = {}): Problem[] {
  const o = { ...DEFAULT_SYNTHETIC_OPTIONS, ...options };
  checkOptions(o);
  const rand = mulberry32(o.seed ^ (SYNTHETIC_SPLITS.indexOf(o.split) * 0x9e3779b1));
  const out: Problem[] = [];
  const seen = new Set<string>();
  const maxAttempts = 200 * o.count + 1000;
  for (let attempt = 0; attempt < maxAttempts && out.length < o.count; attempt++) {
    const steps = randInt(rand, o.minSteps, o.maxSteps);
    const spec = drawSyntheticSpec(rand, steps, o.maxNumber);
    const question = syntheticQuestion(spec);
    if (seen.has(question) || syntheticSplitOf(question) !== o.split) continue;
    seen.add(question);
    out.push({
      id: `synthetic-${o.split}-${out.length}`,
      question,
      groundTruth: String(spec.answer),
      meta: { steps, trace: renderR1ZeroTrace(spec), plain: renderPlainSolution(spec) },
    });
  }
  if (out.length < o.count) {
    throw new ReasonrlError(
      'SYNTHETIC_EXHAUSTED',
      `synthetic ${o.split}: found only ${out.length} distinct problems of the ${o.count} asked (steps ${o.minSteps}-${o.maxSteps}, numbers <= ${o.maxNumber}); ask for fewer or widen the settings`,
    );
  }
  return out;
}

function checkOptions(o: SyntheticOptions): void {
  const bad: string[] = [];
  if (!SYNTHETIC_SPLITS.includes(o.split))
    bad.push(`split must be one of ${SYNTHETIC_SPLITS.join(', ')}, got '${o.split}'`);
  if (!Number.isInteger(o.count) || o.count < 1) bad.push(`count must be an integer >= 1, got ${o.count}`);
  if (!Number.isInteger(o.seed)) bad.push(`seed must be an integer, got ${o.seed}`);
  if (!Number.isInteger(o.minSteps) || o.minSteps < 1)
    bad.push(`minSteps must be an integer >= 1, got ${o.minSteps}`);
  if (!Number.isInteger(o.maxSteps) || o.maxSteps < o.minSteps || o.maxSteps > 8)
    bad.push(`maxSteps must be an integer in [minSteps, 8], got ${o.maxSteps}`);
  if (!Number.isInteger(o.maxNumber) || o.maxNumber < 5 || o.maxNumber > 999)
    bad.push(`maxNumber must be an integer in [5, 999], got ${o.maxNumber}`);
  if (bad.length)
    throw new ReasonrlError(
      'SYNTHETIC_OPTIONS_INVALID',
      `invalid synthetic task options:\n  - ${bad.join('\n  - ')}`,
    );
}
