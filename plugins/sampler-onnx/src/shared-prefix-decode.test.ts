import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonPrefixLength } from './generate-loop.js';
import { OnnxSampler } from './onnx-sampler.js';
import { greedyParams as base, flat, HF_TINY, maxLogprobDiff } from './test-support/decode-compare.js';

/** Common start of the strings (the r1_zero template up to the question). */
function commonText(texts: readonly string[]): string {
  let n = 0;
  while (texts.every((t) => n < t.length && t[n] === texts[0][n])) n++;
  return texts[0].slice(0, n);
}

describe.each(['qwen2-tiny', 'qwen3-tiny'])(
  'static decode reading the shared prompt prefix (and, n > 1, each prompt) once (%s)',
  (model) => {
    const dir = `${HF_TINY}${model}`;
    const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
    const goldenPrompts: string[] = golden.tokenize_prompt_and_output.prompt_strs;
    // a long common prefix (the template) and own parts of very different lengths: a few tokens up to ~110
    const template = commonText(goldenPrompts);
    const prompts = [...goldenPrompts, `${template}2+2?`, `${template}${'What is 12 times 7? '.repeat(3)}`];
    // cascade: the shared prefix is prefilled once and decode reads it once per step for all rows;
    // reference: sharedPrefixMin 0, every prompt prefilled whole and decoded on the plain static graph
    let cascade: OnnxSampler;
    let plain: OnnxSampler;
    beforeAll(async () => {
      cascade = await OnnxSampler.load(dir, { intraOpNumThreads: 1 });
      plain = await OnnxSampler.load(dir, { intraOpNumThreads: 1, sharedPrefixMin: 0 });
    });
    afterAll(async () => {
      await cascade.dispose();
      await plain.dispose();
    });

    it('greedy: the same tokens as the plain graph, log-probs within 1e-5, transformers goldens kept', async () => {
      const a = await cascade.generate(prompts, base);
      const stats = cascade.lastStats!;
      expect(stats).toMatchObject({ sharedPrefixDecode: true, promptGroupDecode: false });
      expect(stats.sharedPrefixTokens).toBe(commonPrefixLength(a.map((r) => r.promptTokenIds)));
      expect(stats.sharedPrefixTokens).toBeGreaterThan(100);
      const ownLengths = a.map((r) => r.promptTokenIds.length - stats.sharedPrefixTokens);
      expect(Math.min(...ownLengths)).toBeLessThan(10);
      expect(Math.max(...ownLengths)).toBeGreaterThan(60);
      const b = await plain.generate(prompts, base);
      expect(plain.lastStats!.sharedPrefixDecode).toBe(false);
      expect(plain.lastStats!.sharedPrefixTokens).toBe(0);
      expect(a.map((r) => r.outputs[0].tokenIds)).toEqual(b.map((r) => r.outputs[0].tokenIds));
      expect(maxLogprobDiff(a, b)).toBeLessThan(1e-5);
      const expected: number[][] = golden.generate_greedy.new_tokens_one_by_one;
      a.slice(0, 3).forEach((r, i) => {
        expect(r.outputs[0].tokenIds).toEqual(expected[i].slice(0, base.maxTokens));
      });
    });

    it('n > 1, rows finishing at different steps and joining a running batch: same samples as the plain graph', async () => {
      const params = { ...base, temperature: 1, n: 3, seed: 11, stop: [' '], maxTokens: 20 };
      const small = await OnnxSampler.load(dir, { intraOpNumThreads: 1, maxBatchSize: 4 });
      const results = [
        await cascade.generate(prompts, params),
        await small.generate(prompts, params),
        await plain.generate(prompts, params),
      ];
      // n > 1: the samples of a prompt also share its tokens after the prefix (GroupedDecodeBatch); with 4 rows at
      // most, a prompt's samples join in different admissions and its group outlives some of them
      expect(small.lastStats!).toMatchObject({ sharedPrefixDecode: true, promptGroupDecode: true });
      await small.dispose();
      const outputs = flat(results[0]);
      expect(outputs).toHaveLength(prompts.length * 3);
      expect(new Set(outputs.map((o) => o.tokenIds.length)).size).toBeGreaterThan(2); // they finished at different steps
      expect(outputs.some((o) => o.finishReason === 'stop')).toBe(true);
      for (const other of results.slice(1)) {
        expect(flat(other).map((o) => [o.tokenIds, o.text, o.finishReason])).toEqual(
          outputs.map((o) => [o.tokenIds, o.text, o.finishReason]),
        );
        expect(maxLogprobDiff(results[0], other)).toBeLessThan(1e-5);
      }
    });

    it('a single prompt, or prompts with nothing in common, decode on the plain graph', async () => {
      const [one] = await cascade.generate([prompts[3]], base);
      expect(cascade.lastStats!.sharedPrefixDecode).toBe(false);
      const [ref] = await plain.generate([prompts[3]], base);
      expect(one.outputs[0].tokenIds).toEqual(ref.outputs[0].tokenIds);
      await cascade.generate(['12 + 7 =', 'Solve x'], base);
      expect(cascade.lastStats!).toMatchObject({ sharedPrefixTokens: 0, sharedPrefixDecode: false });
    });
  },
);

describe('shared prefix with gqa decode attention', () => {
  it('prefills the prefix once but keeps it in every row (GroupQueryAttention reads whole rows)', async () => {
    const dir = `${HF_TINY}qwen2-tiny`;
    const golden = JSON.parse(readFileSync(`${dir}/golden.json`, 'utf8'));
    const sampler = await OnnxSampler.load(dir, { intraOpNumThreads: 1, attention: 'gqa' });
    const results = await sampler.generate(golden.tokenize_prompt_and_output.prompt_strs, base);
    expect(sampler.lastStats!.sharedPrefixTokens).toBeGreaterThan(100);
    expect(sampler.lastStats!.sharedPrefixDecode).toBe(false);
    const expected: number[][] = golden.generate_greedy.new_tokens_one_by_one;
    expect(results.map((r) => r.outputs[0].tokenIds)).toEqual(
      expected.map((e) => e.slice(0, base.maxTokens)),
    );
    await sampler.dispose();
  });
});
