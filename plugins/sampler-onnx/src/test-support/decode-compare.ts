import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GenerationResult, SamplingParams } from '@reasonrl/core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { OnnxSamplerConfig } from '../config.js';
import { OnnxSampler } from '../onnx-sampler.js';

/** The conformance checkpoints (qwen2-tiny, qwen3-tiny) with their transformers goldens; shared/ beside the repo. */
export const HF_TINY = fileURLToPath(new URL('../../../../../shared/conformance/hf-tiny/', import.meta.url));

/**
 * A conformance checkpoint (`qwen2-tiny`, `qwen3-tiny`): its directory, its transformers goldens, and its golden
 * prompts followed by `questions` on the same template (the template's shared prefix, own parts of other lengths).
 */
export function goldenCase(model: string, questions: readonly string[]) {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const goldenPrompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
  const template = goldenPrompts[0].slice(0, goldenPrompts[0].indexOf('User:') + 5);
  return { dir, golden, prompts: [...goldenPrompts, ...questions.map((q) => `${template} ${q}`)] };
}

/** Two samplers of `dir` with their own options, loaded before the suite's tests and disposed after them. */
export function samplerPair(dir: string, a: Partial<OnnxSamplerConfig>, b: Partial<OnnxSamplerConfig>) {
  const pair = {} as { a: OnnxSampler; b: OnnxSampler };
  beforeAll(async () => {
    pair.a = await OnnxSampler.load(dir, a);
    pair.b = await OnnxSampler.load(dir, b);
  });
  afterAll(async () => {
    await pair.a.dispose();
    await pair.b.dispose();
  });
  return pair;
}

/** Greedy, 16 new tokens, log-probs on, no stop strings: the params the decode-path comparisons run with. */
export const greedyParams: SamplingParams = {
  n: 1,
  temperature: 0,
  topP: 1,
  maxTokens: 16,
  minTokens: 0,
  stop: [],
  includeStopStrInOutput: true,
  logprobs: true,
};

/** Every completion of every prompt, in order. */
export const flat = (results: GenerationResult[]) => results.flatMap((r) => r.outputs);

/** Largest |difference| between the sampled tokens' log-probs of two runs over the same prompts (same lengths). */
export function maxLogprobDiff(a: GenerationResult[], b: GenerationResult[]): number {
  const values = (results: GenerationResult[]) => flat(results).flatMap((o) => o.logprobs!);
  const x = values(a);
  const y = values(b);
  expect(x).toHaveLength(y.length);
  return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
}

/**
 * Two greedy runs over the same prompts (`goldenCase`'s: golden prompts first) agree: the same tokens, log-probs
 * within 1e-5, and the golden prompts' tokens equal transformers' greedy continuations.
 */
export function expectSameGreedy(
  a: GenerationResult[],
  b: GenerationResult[],
  golden: { generate_greedy: { new_tokens_one_by_one: number[][] } },
  maxTokens: number,
): void {
  expect(a.map((r) => r.outputs[0].tokenIds)).toEqual(b.map((r) => r.outputs[0].tokenIds));
  expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
  golden.generate_greedy.new_tokens_one_by_one.slice(0, 3).forEach((expected, i) => {
    expect(a[i].outputs[0].tokenIds).toEqual(expected.slice(0, maxTokens));
  });
}
