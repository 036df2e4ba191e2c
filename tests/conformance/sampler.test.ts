// Sampler conformance: the same checks for every Sampler kind, against transformers' golden greedy outputs
// (../shared/conformance/hf-tiny) and against the trainer's getResponseLogProbs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sampler, SamplingParams } from '@reasonrl/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getResponseLogProbs,
  loadModel,
  loadSampler,
  type SamplerKind,
  samplerAvailable,
} from './adapters.js';

const HF_TINY = fileURLToPath(new URL('../../../shared/conformance/hf-tiny/', import.meta.url));
const base: SamplingParams = {
  n: 1,
  temperature: 1,
  topP: 1,
  maxTokens: 8,
  minTokens: 0,
  stop: [],
  includeStopStrInOutput: true,
  logprobs: true,
};
const KINDS: SamplerKind[] = ['onnx', 'tfjs'];

for (const kind of KINDS) {
  describe.skipIf(!samplerAvailable(kind))(`Sampler '${kind}'`, () => {
    describe.each(['qwen2-tiny', 'qwen3-tiny'])('%s', (model) => {
      const dir = `${HF_TINY}${model}`;
      const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
      const prompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
      const greedy = { ...base, temperature: 0, maxTokens: golden.generate_greedy.max_new_tokens };
      let sampler: Sampler;
      beforeAll(async () => {
        sampler = await loadSampler(dir, kind);
      });
      afterAll(() => sampler.dispose?.());

      it('greedy continuations equal transformers, batched and one by one', async () => {
        const batched = await sampler.generate(prompts, greedy);
        expect(batched.map((r) => r.outputs[0].tokenIds)).toEqual(golden.generate_greedy.new_tokens_batched);
        for (let i = 0; i < prompts.length; i++) {
          const [one] = await sampler.generate([prompts[i]], greedy);
          expect(one.outputs[0].tokenIds).toEqual(golden.generate_greedy.new_tokens_one_by_one[i]);
          expect(one.outputs[0].text).toBe(golden.generate_greedy.new_text_one_by_one[i]);
        }
      });

      it('log-probs of sampled tokens agree with the trainer (getResponseLogProbs) within 1e-4', async () => {
        const results = await sampler.generate(prompts, { ...base, n: 2, seed: 3 });
        const policy = await loadModel(dir);
        const rows = results.flatMap((r) => r.outputs.map((o) => ({ prompt: r.promptTokenIds, out: o })));
        const width = Math.max(...rows.map((r) => r.prompt.length + r.out.tokenIds.length));
        const full = rows.map((r) => {
          const ids = [...r.prompt, ...r.out.tokenIds];
          return [...ids, ...Array(width - ids.length).fill(0)];
        });
        const { logProbs } = getResponseLogProbs(
          policy,
          full.map((f) => f.slice(0, -1)),
          full.map((f) => f.slice(1)),
        );
        let sum = 0;
        let count = 0;
        let max = 0;
        rows.forEach((r, b) => {
          r.out.tokenIds.forEach((_, i) => {
            const d = Math.abs(logProbs[b][r.prompt.length - 1 + i] - r.out.logprobs![i]);
            sum += d;
            count++;
            max = Math.max(max, d);
          });
        });
        console.log(
          `[${kind} ${model}] sampler vs trainer log-probs: mean |diff| ${(sum / count).toExponential(2)}, max ${max.toExponential(2)}`,
        );
        expect(max).toBeLessThan(1e-4);
        await policy.dispose?.();
      });

      it('n samples per prompt, a stop string spanning tokens, minTokens', async () => {
        const full: string = golden.generate_greedy.new_text_one_by_one[0];
        const stop = full.slice(5, 9);
        const [r] = await sampler.generate([prompts[0]], { ...greedy, stop: [stop], n: 3 });
        expect(r.outputs).toHaveLength(3);
        for (const o of r.outputs)
          expect(o).toMatchObject({
            text: full.slice(0, full.indexOf(stop) + stop.length),
            finishReason: 'stop',
          });
        const held = await sampler.generate([prompts[0]], { ...greedy, stop: [stop], minTokens: 20 });
        expect(held[0].outputs[0].tokenIds.length).toBeGreaterThanOrEqual(20);
      });

      it('rejects empty prompts and prompts longer than the context, naming the limit', async () => {
        await expect(sampler.generate([''], base)).rejects.toThrow(/empty/);
        await expect(sampler.generate([' 12'.repeat(600)], base)).rejects.toThrow(/512/);
      });
    });
  });
}
