import { randInt } from './seeded-random.js';

/** One operation applied to the running quantity of a synthetic word problem. */
export interface SyntheticStep {
  op: '+' | '-' | '*' | '/';
  operand: number;
  /** The sentence of the question that states this step. */
  sentence: string;
  /** The quantity before and after the step. */
  before: number;
  after: number;
}

/** A multi-step arithmetic word problem: a start quantity and 1+ steps, with an integer answer. */
export interface SyntheticSpec {
  name: string;
  item: string;
  start: number;
  steps: SyntheticStep[];
  answer: number;
}

const NAMES = [
  'Ava',
  'Ben',
  'Cara',
  'Dan',
  'Eli',
  'Finn',
  'Gia',
  'Hana',
  'Ivan',
  'Jade',
  'Kai',
  'Lena',
  'Max',
  'Nora',
  'Omar',
  'Pia',
];
const ITEMS = [
  'apples',
  'pens',
  'cards',
  'books',
  'eggs',
  'stamps',
  'shells',
  'coins',
  'marbles',
  'stickers',
  'cookies',
  'toys',
];
/** Intermediate quantities stay below this, so texts and answers stay short. */
export const MAX_QUANTITY = 999;

/**
 * Draw one problem with `steps` operations whose operands are in [1, maxNumber] (multipliers and divisors
 * in [2, 5]). Every intermediate quantity is a non-negative integer below MAX_QUANTITY: subtraction never
 * goes below zero, division is exact.
 */
export function drawSyntheticSpec(rand: () => number, steps: number, maxNumber: number): SyntheticSpec {
  const name = NAMES[randInt(rand, 0, NAMES.length - 1)];
  const item = ITEMS[randInt(rand, 0, ITEMS.length - 1)];
  const start = randInt(rand, 2, maxNumber);
  const out: SyntheticStep[] = [];
  let q = start;
  while (out.length < steps) {
    const step = drawStep(rand, q, maxNumber, name, item);
    if (step) {
      out.push(step);
      q = step.after;
    }
  }
  return { name, item, start, steps: out, answer: q };
}

function drawStep(
  rand: () => number,
  q: number,
  maxNumber: number,
  name: string,
  item: string,
): SyntheticStep | undefined {
  const kind = randInt(rand, 0, 3);
  if (kind === 0) {
    const k = randInt(rand, 1, maxNumber);
    if (q + k > MAX_QUANTITY) return undefined;
    return { op: '+', operand: k, sentence: `${name} buys ${k} more ${item}.`, before: q, after: q + k };
  }
  if (kind === 1) {
    if (q < 2) return undefined;
    const k = randInt(rand, 1, Math.min(maxNumber, q - 1));
    return { op: '-', operand: k, sentence: `${name} gives ${k} ${item} away.`, before: q, after: q - k };
  }
  if (kind === 2) {
    const k = randInt(rand, 2, 5);
    if (q * k > MAX_QUANTITY) return undefined;
    const how = k === 2 ? 'doubles' : k === 3 ? 'triples' : `grows ${k} times`;
    return { op: '*', operand: k, sentence: `The number of ${item} ${how}.`, before: q, after: q * k };
  }
  const k = randInt(rand, 2, 5);
  if (q % k !== 0 || q / k < 1) return undefined;
  return {
    op: '/',
    operand: k,
    sentence: `${name} shares the ${item} equally among ${k} friends and keeps one share.`,
    before: q,
    after: q / k,
  };
}

/** The problem text: start, one sentence per step, then the question. */
export function syntheticQuestion(spec: SyntheticSpec): string {
  const body = spec.steps.map((s) => s.sentence).join(' ');
  return `${spec.name} has ${spec.start} ${spec.item}. ${body} How many ${spec.item} does ${spec.name} have now?`;
}

function stepLines(spec: SyntheticSpec): string[] {
  return [
    `${spec.name} starts with ${spec.start} ${spec.item}.`,
    ...spec.steps.map((s) => `${s.before} ${s.op} ${s.operand} = ${s.after}.`),
  ];
}

/**
 * The SFT reasoning trace that continues the r1_zero prompt (which ends with `Assistant: <think>`):
 * ` <steps> </think> <answer> N </answer>`.
 */
export function renderR1ZeroTrace(spec: SyntheticSpec): string {
  return ` ${stepLines(spec).join(' ')} So ${spec.name} has ${spec.answer} ${spec.item}. </think> <answer> ${spec.answer} </answer>`;
}

/** The plain-style solution used to pretrain a tiny base model: `Solution: <steps> The answer is N.` */
export function renderPlainSolution(spec: SyntheticSpec): string {
  return `Solution: ${stepLines(spec).join(' ')} The answer is ${spec.answer}.`;
}
