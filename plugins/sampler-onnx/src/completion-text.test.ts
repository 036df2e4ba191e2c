import { fileURLToPath } from 'node:url';
import { loadTokenizer, type TextTokenizer } from '@reasonrl/hf-checkpoint';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompletionText } from './completion-text.js';

const DIR = fileURLToPath(new URL('../../../../shared/conformance/hf-tiny/qwen2-tiny', import.meta.url));

describe('CompletionText', () => {
  let tok: TextTokenizer;
  beforeAll(async () => {
    tok = await loadTokenizer(DIR);
  });
  /** Push the tokens of `text` one by one; returns the index of the token that stopped, or -1. */
  const feed = (t: CompletionText, text: string, minTokens = 0) => {
    const ids = tok.encode(text);
    for (let i = 0; i < ids.length; i++) if (t.push(ids[i], i + 1 >= minTokens)) return i;
    return -1;
  };

  it('builds the same text as decoding all tokens, holding back split UTF-8 characters', () => {
    const text = ' 48+24 = 72 café ünïcode ✓ </think> <answer> 72 </answer>';
    const ids = tok.encode(text);
    const t = new CompletionText(tok, [], true);
    const seen: string[] = [];
    for (const id of ids) {
      t.push(id, true);
      seen.push(t.text);
    }
    expect(seen.some((s) => s.includes('\uFFFD'))).toBe(false);
    expect(t.text).toBe(text);
    expect(t.finalText()).toBe(text);
  });

  it('finds a stop string that spans several tokens, keeping or dropping it', () => {
    const text = ' 10 </think> <answer> 10 </answer> tail';
    const stop = 'ink> <ans'; // spans '</think>', ' ', '<answer>'
    const ids = tok.encode(text);
    const keep = new CompletionText(tok, [stop], true);
    const at = feed(keep, text);
    expect(at).toBe(ids.indexOf(tok.tokenToId('<answer>')!));
    expect(keep.finalText()).toBe(' 10 </think> <ans');
    const drop = new CompletionText(tok, [stop], false);
    feed(drop, text);
    expect(drop.finalText()).toBe(' 10 </th');
  });

  it('keeps </answer> like the assignments, picks the earliest of several stops, and skips the check before minTokens', () => {
    const text = ' 10 </think> <answer> 10 </answer> tail';
    const t = new CompletionText(tok, ['</answer>', '</think>'], true);
    feed(t, text);
    expect(t.finalText()).toBe(' 10 </think>');
    const late = new CompletionText(tok, ['</think>'], true);
    expect(feed(late, text, 100)).toBe(-1);
    expect(late.finalText()).toBe(text);
  });

  it('leaves special tokens (EOS) out of the text', () => {
    const t = new CompletionText(tok, [], true);
    for (const id of [...tok.encode(' 72'), tok.eosTokenIds[0]]) t.push(id, true);
    expect(t.finalText()).toBe(' 72');
  });
});
