import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxSampler } from './onnx-sampler.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

describe.each([
  ['qwen2-tiny', 'static'],
  ['qwen3-tiny', 'static'],
  ['qwen2-tiny', 'gqa'],
  ['qwen3-tiny', 'gqa'],
  ['qwen2-tiny', 'standard'],
  ['qwen3-tiny', 'standard'],
] as const)('OnnxSampler greedy on %s with %s attention', (model, attention) => {
  const dir = `${HF_TINY}${model}`;
  const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
  const prompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
  const expected: number[][] = golden.generate_greedy.new_tokens_one_by_one;
  const greedy = {
    n: 1,
    temperature: 0,
    topP: 1,
    maxTokens: golden.generate_greedy.max_new_tokens,
    minTokens: 0,
    stop: [],
    includeStopStrInOutput: true,
    logprobs: true,
  };
  let sampler: OnnxSampler;
  beforeAll(async () => {
    sampler = await OnnxSampler.load(dir, { intraOpNumThreads: 1, attention });
    expect(sampler.platform).toBe(`onnxruntime-node/cpu/${attention}`);
  });
  afterAll(() => sampler.dispose());

  it('tokenizes the prompts like transformers', async () => {
    const results = await sampler.generate(prompts, { ...greedy, maxTokens: 1 });
    expect(results.map((r) => r.promptTokenIds)).toEqual(golden.tokenize_prompt_and_output.prompt_ids);
  });

  it('batched greedy continuations equal transformers, also with rows leaving and joining (maxBatchSize 2)', async () => {
    const results = await sampler.generate(prompts, greedy);
    expect(results.map((r) => r.outputs[0].tokenIds)).toEqual(expected);
    expect(results.map((r) => r.outputs[0].text)).toEqual(golden.generate_greedy.new_text_one_by_one);
    // rows finish at different steps (a stop string in row 1 only) and a waiting prompt joins the running batch
    const small = await OnnxSampler.load(dir, { intraOpNumThreads: 1, attention, maxBatchSize: 2 });
    const stop = golden.generate_greedy.new_text_one_by_one[1].slice(3, 6);
    const mixed = await small.generate(prompts, { ...greedy, stop: [stop] });
    await small.dispose();
    expect(mixed[1].outputs[0].finishReason).toBe('stop');
    expect(mixed[1].outputs[0].tokenIds).toEqual(expected[1].slice(0, mixed[1].outputs[0].tokenIds.length));
    expect(mixed[0].outputs[0].tokenIds).toEqual(expected[0].slice(0, mixed[0].outputs[0].tokenIds.length));
    expect(mixed[2].outputs[0].tokenIds).toEqual(expected[2].slice(0, mixed[2].outputs[0].tokenIds.length));
  });

  it('one-by-one greedy continuations equal transformers', async () => {
    for (let i = 0; i < prompts.length; i++) {
      const [result] = await sampler.generate([prompts[i]], greedy);
      expect(result.outputs[0].tokenIds).toEqual(expected[i]);
    }
  });
});
