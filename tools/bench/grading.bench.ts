// Grading benchmark (issue 3): graded responses per second on ONE thread (the calling one) with r1ZeroRewardFn,
//  (a) GSM8K-style numeric answers: each test-set reference answered right, right with commas/box/dollars, wrong, unformatted;
//  (b) MATH-500 answers: each reference answered right (boxed), right but rewritten (no spaces, \dfrac, \left( \right)),
//      and wrong in two ways (value + 1, value doubled): half right, half wrong.
// Goals: >= 5,000/s on (a) and >= 500/s on (b) on the 2-core dev machine.
// Reference in the same run: the same responses graded by the CAS alone (Compute Engine on every comparison, no
// normalization fast path), to show what the fast path buys; absolute numbers on a shared machine are noise.
// Writes bench-results/grading.json. Env: BENCH_SECONDS (2 per measurement).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { casEqual, extractGsm8kAnswer, extractR1ZeroAnswer, r1ZeroRewardFn } from '@reasonrl/math-grading';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATASETS = join(ROOT, '..', 'shared', 'datasets');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);

const jsonl = <T>(path: string): T[] =>
  readFileSync(join(DATASETS, path), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
const r1 = (answer: string) => `Step by step, the numbers add up.</think> <answer>${answer}</answer>`;

type Case = { response: string; truth: string; expected: number };

function gsm8kCases(): Case[] {
  const cases: Case[] = [];
  for (const row of jsonl<{ answer: string }>('gsm8k/test.jsonl')) {
    const truth = extractGsm8kAnswer(row.answer);
    const n = Number(truth);
    cases.push(
      { response: r1(truth), truth, expected: 1 },
      { response: r1(`\\boxed{${n.toLocaleString('en-US')}}`), truth, expected: 1 },
      { response: r1(`\\$${truth}.00`), truth, expected: 1 },
      { response: r1(String(n + 1)), truth, expected: 0 },
      { response: `The answer is ${truth}.`, truth, expected: 0 },
    );
  }
  return cases;
}

function math500Cases(): Case[] {
  const cases: Case[] = [];
  for (const { answer: truth } of jsonl<{ answer: string }>('math500/test.jsonl')) {
    const rewritten = truth
      .replace(/(?<!\\[A-Za-z]+)\s+/g, '')
      .replace(/\\frac/g, '\\dfrac')
      .replace(/^\((.*)\)$/, '\\left($1\\right)');
    cases.push(
      { response: r1(`\\boxed{${truth}}`), truth, expected: 1 },
      { response: r1(`\\boxed{${rewritten}}`), truth, expected: 1 },
      { response: r1(`\\boxed{${truth}+1}`), truth, expected: 0 },
      { response: r1(`\\boxed{2\\left(${truth}\\right)}`), truth, expected: 0 },
    );
  }
  return cases;
}

/**
 * Graded responses per second of `fn`: one untimed pass (which also checks the verdicts against the
 * construction), then timed passes over the same responses until `SECONDS` have passed.
 */
function throughput(cases: Case[], fn: (c: Case) => number): { perSecond: number; accuracy: number } {
  let right = 0;
  for (const c of cases) if (fn(c) === c.expected) right++;
  let graded = 0;
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    const start = performance.now();
    for (const c of cases) fn(c);
    elapsed += performance.now() - start;
    graded += cases.length;
  }
  return { perSecond: graded / (elapsed / 1000), accuracy: right / cases.length };
}

const ours = (c: Case) => r1ZeroRewardFn(c.response, c.truth).reward;
const casOnly = (c: Case) => {
  const extracted = extractR1ZeroAnswer(c.response);
  if ('failure' in extracted) return 0;
  return casEqual(extracted.answer, c.truth).equal ? 1 : 0;
};

const results: Record<string, unknown> = {};
for (const [name, cases, goal] of [
  ['gsm8k', gsm8kCases(), 5000],
  ['math500', math500Cases(), 500],
] as const) {
  const mine = throughput(cases, ours);
  const reference = throughput(cases.slice(0, 1000), casOnly);
  const ratio = mine.perSecond / reference.perSecond;
  results[name] = { responses: cases.length, goalPerSecond: goal, ours: mine, casOnly: reference, ratio };
  console.log(
    `${name.padEnd(8)} ${mine.perSecond.toFixed(0).padStart(7)} graded/s (goal ${goal}: ${mine.perSecond >= goal ? 'met' : 'MISSED'}), ` +
      `agreement with the construction ${(100 * mine.accuracy).toFixed(1)}% | CAS-only reference ${reference.perSecond.toFixed(0)}/s ` +
      `(${(100 * reference.accuracy).toFixed(1)}%) | ratio ${ratio.toFixed(1)}x`,
  );
}
mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench-results', 'grading.json'),
  `${JSON.stringify({ seconds: SECONDS, ...results }, null, 2)}\n`,
);
