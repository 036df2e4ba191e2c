import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QwenModel } from '@reasonrl/backend-tfjs';
import type { Problem, Sampler } from '@reasonrl/core';
import { type ModelConfig, saveCheckpoint } from '@reasonrl/hf-checkpoint';
import { OnnxSampler } from '@reasonrl/sampler-onnx';
import { generateSyntheticProblems } from '@reasonrl/tasks';

/** The problems the pipeline preset validates on: 1-2 steps, numbers up to 20 (a subset of pretraining's range). */
export const PIPELINE_DIFFICULTY = { minSteps: 1, maxSteps: 2, maxNumber: 20 };

/** `count` validation-split problems of the pipeline's difficulty (never pretrained on). */
export function plainValidationProblems(count: number, seed = 0): Problem[] {
  return generateSyntheticProblems({ split: 'validation', count, seed, ...PIPELINE_DIFFICULTY });
}

const PLAIN_ANSWER = /The answer is (\d+)\./;

/**
 * Greedy accuracy of a model in its own (plain) style: the prompt is the question and a newline, the answer is read
 * from "The answer is N."; `formatRate` is how often that sentence appears.
 */
export async function plainAccuracy(
  sampler: Sampler,
  problems: readonly Problem[],
): Promise<{ accuracy: number; formatRate: number }> {
  const results = await sampler.generate(
    problems.map((p) => `${p.question}\n`),
    {
      n: 1,
      temperature: 0,
      topP: 1,
      maxTokens: 80,
      minTokens: 0,
      stop: [],
      includeStopStrInOutput: false,
      seed: 0,
      logprobs: false,
    },
  );
  let correct = 0;
  let formatted = 0;
  results.forEach((r, i) => {
    const m = PLAIN_ANSWER.exec(r.outputs[0].text);
    if (m) formatted++;
    if (m && m[1] === problems[i].groundTruth) correct++;
  });
  return { accuracy: correct / problems.length, formatRate: formatted / problems.length };
}

/**
 * `plainAccuracy` of the model being trained on `count` validation problems: it is saved to a temporary checkpoint
 * (tokenizer files from `tokenizerDir`) and run by the ONNX sampler.
 */
export async function evaluatePlain(
  model: QwenModel,
  tokenizerDir: string,
  config: ModelConfig,
  seed: number,
  count: number,
): Promise<{ accuracy: number; formatRate: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-math-eval-'));
  try {
    await saveCheckpoint(dir, config, model.exportTensors(), { sourceDir: tokenizerDir });
    const sampler = await OnnxSampler.load(dir, { intraOpNumThreads: 1 });
    try {
      return await plainAccuracy(sampler, plainValidationProblems(count, seed));
    } finally {
      await sampler.dispose?.();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
