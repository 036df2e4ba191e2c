import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenizePromptAndOutput } from './tokenize-prompt-and-output.js';
import { loadTokenizer } from './tokenizer.js';

const HF_TINY = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/', import.meta.url));

interface Golden {
  tokenize_prompt_and_output: {
    prompt_strs: string[];
    output_strs: string[];
    prompt_ids: number[][];
    output_ids: number[][];
    input_ids: { data: number[][] };
    labels: { data: number[][] };
    response_mask: { data: boolean[][] };
    attention_mask: { data: number[][] };
  };
}
const golden = async (): Promise<Golden> =>
  JSON.parse(await readFile(`${HF_TINY}qwen2-tiny/golden.json`, 'utf8'));

describe('loadTokenizer', () => {
  it('encodes the golden prompts and outputs to the ids HF tokenizers produced', async () => {
    const tok = await loadTokenizer(`${HF_TINY}qwen2-tiny`);
    const g = (await golden()).tokenize_prompt_and_output;
    expect(g.prompt_strs.map((p) => tok.encode(p))).toEqual(g.prompt_ids);
    expect(g.output_strs.map((o) => tok.encode(o))).toEqual(g.output_ids);
  });
  it('splits added tokens before BPE and decodes back to the text', async () => {
    const tok = await loadTokenizer(`${HF_TINY}qwen3-tiny`);
    expect(tok.encode(' </think>')).toEqual([221, 509]);
    expect(tok.tokenToId('<answer>')).toBe(510);
    const text = ' half of 48 is 24 </think> <answer> 72 </answer>';
    expect(tok.decode(tok.encode(text))).toBe(text);
  });
  it('resolves pad and eos from tokenizer_config/generation_config', async () => {
    const tok = await loadTokenizer(`${HF_TINY}qwen2-tiny`);
    expect(tok.padTokenId).toBe(0);
    expect(tok.eosTokenIds).toEqual([0]);
    expect(tok.specialTokenIds.has(0)).toBe(true);
    expect(tok.specialTokenIds.has(509)).toBe(false); // <think> tags are added but not special
    expect(tok.decode([33, 0], { skipSpecialTokens: true })).toBe(tok.decode([33]));
  });
  it('names the folder when tokenizer.json is missing', async () => {
    await expect(loadTokenizer('/nonexistent-dir')).rejects.toThrow(/\/nonexistent-dir\/tokenizer.json/);
  });
});

describe('tokenizePromptAndOutput', () => {
  it('matches the golden CS336 batch (shift by one, right pad, response mask)', async () => {
    const tok = await loadTokenizer(`${HF_TINY}qwen2-tiny`);
    const g = (await golden()).tokenize_prompt_and_output;
    const b = tokenizePromptAndOutput(g.prompt_strs, g.output_strs, tok);
    expect(b.inputIds).toEqual(g.input_ids.data);
    expect(b.labels).toEqual(g.labels.data);
    expect(b.responseMask).toEqual(g.response_mask.data.map((r) => r.map(Number)));
    expect(b.attentionMask).toEqual(g.attention_mask.data);
  });
  it('works from hand-computed ids with a toy tokenizer', () => {
    // chars -> codes; prompt "ab" + output "c" and prompt "a" + output "bcd"; pad 9. full length 4 -> T = 3.
    const tok = { encode: (s: string) => [...s].map((c) => c.charCodeAt(0) - 96), padTokenId: 9 };
    const b = tokenizePromptAndOutput(['ab', 'a'], ['c', 'bcd'], tok);
    expect(b.inputIds).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(b.labels).toEqual([
      [2, 3, 9],
      [2, 3, 4],
    ]);
    expect(b.responseMask).toEqual([
      [0, 1, 0],
      [1, 1, 1],
    ]);
    expect(b.attentionMask).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(() => tokenizePromptAndOutput(['a'], [], tok)).toThrow(/1 prompts but 0 outputs/);
  });
});
