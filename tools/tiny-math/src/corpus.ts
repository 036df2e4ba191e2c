import {
  drawSyntheticSpec,
  mulberry32,
  R1_ZERO_PROMPT,
  randInt,
  renderPlainSolution,
  renderR1ZeroTrace,
  type SyntheticSpec,
  syntheticQuestion,
  syntheticSplitOf,
} from '@reasonrl/tasks';

/** How hard the pretraining problems are (the pipeline preset draws its problems from inside this range). */
export interface CorpusDifficulty {
  minSteps: number;
  maxSteps: number;
  maxNumber: number;
}

export const PRETRAIN_DIFFICULTY: CorpusDifficulty = { minSteps: 1, maxSteps: 3, maxNumber: 20 };

/** The kinds of pretraining document and their shares. None of them uses the r1_zero trace format. */
export const DOCUMENT_MIX = [
  // "<question>\nSolution: <steps> The answer is N."
  { kind: 'plain', share: 0.4 },
  // The same in a bare chat frame, so "User: ... Assistant:" is familiar text (but never followed by <think>).
  { kind: 'chat', share: 0.2 },
  // Arithmetic drill: "a op b = c." facts drawn like the problems' steps.
  { kind: 'drill', share: 0.4 },
] as const;

/** One train-split problem (never a validation or test question: the split is a hash of the text). */
function drawTrainSpec(rand: () => number, d: CorpusDifficulty): SyntheticSpec {
  for (;;) {
    const spec = drawSyntheticSpec(rand, randInt(rand, d.minSteps, d.maxSteps), d.maxNumber);
    if (syntheticSplitOf(syntheticQuestion(spec)) === 'train') return spec;
  }
}

function drillDocument(rand: () => number, d: CorpusDifficulty): string {
  const facts: string[] = [];
  while (facts.length < 6) {
    const spec = drawSyntheticSpec(rand, randInt(rand, d.minSteps, d.maxSteps), d.maxNumber);
    for (const s of spec.steps) facts.push(`${s.before} ${s.op} ${s.operand} = ${s.after}.`);
  }
  return facts.slice(0, 6).join(' ');
}

/**
 * An endless, seeded stream of pretraining documents in the plain style (`Solution: ... The answer is N.`),
 * the style a base model knows; the r1_zero trace format (`</think> <answer> N </answer>`) never appears.
 */
export function* pretrainingDocuments(
  seed: number,
  d: CorpusDifficulty = PRETRAIN_DIFFICULTY,
): Generator<string, never> {
  const rand = mulberry32(seed);
  for (;;) {
    const u = rand();
    if (u < DOCUMENT_MIX[0].share) {
      const spec = drawTrainSpec(rand, d);
      yield `${syntheticQuestion(spec)}\n${renderPlainSolution(spec)}`;
    } else if (u < DOCUMENT_MIX[0].share + DOCUMENT_MIX[1].share) {
      const spec = drawTrainSpec(rand, d);
      yield `User: ${syntheticQuestion(spec)}\nAssistant: ${renderPlainSolution(spec)}`;
    } else {
      yield drillDocument(rand, d);
    }
  }
}

/**
 * The texts the tokenizer is trained on: the r1_zero prompt, problems with both solution styles (the tokenizer
 * must cover the SFT traces too, as a real model's tokenizer covers the text it will be fine-tuned on) and drills.
 */
export function tokenizerCorpus(seed: number, problems: number): string[] {
  const rand = mulberry32(seed ^ 0x5bd1e995);
  const texts = [R1_ZERO_PROMPT];
  for (let i = 0; i < problems; i++) {
    const spec = drawSyntheticSpec(rand, randInt(rand, 1, 4), 99);
    texts.push(`${syntheticQuestion(spec)}\n${renderPlainSolution(spec)}${renderR1ZeroTrace(spec)}`);
  }
  return texts;
}
