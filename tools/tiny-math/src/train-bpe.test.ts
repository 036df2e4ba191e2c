import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { BYTE_TO_CHAR, toByteLevel } from './byte-level.js';
import { preTokenize } from './pre-tokenize.js';
import { trainByteLevelBpe } from './train-bpe.js';

const special = { eosToken: '<|endoftext|>', addedTokens: ['<think>', '</think>'] };

describe('byte-level alphabet', () => {
  it('maps the 256 bytes to 256 distinct characters, printable ASCII to itself and space to Ġ', () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR[65]).toBe('A');
    expect(toByteLevel(' a\n')).toBe('ĠaĊ');
    expect(toByteLevel('é')).toBe('Ã©'); // two UTF-8 bytes 0xC3 0xA9, both printable Latin-1
  });
});

describe('preTokenize', () => {
  it('keeps one leading space on words, spells numbers digit by digit and isolates punctuation', () => {
    expect(preTokenize('Ava has 12 apples. 3 + 4 = 7.')).toEqual([
      'Ava',
      ' has',
      ' ',
      '1',
      '2',
      ' apples',
      '.',
      ' ',
      '3',
      ' +',
      ' ',
      '4',
      ' =',
      ' ',
      '7',
      '.',
    ]);
  });
});

describe('trainByteLevelBpe', () => {
  it('merges the most frequent pair first, by hand: "ab ab ab ac" -> (a,b) then (Ġ,ab)', () => {
    // Pieces: "ab" x1, " ab" x2, " ac" x1. Pairs: (a,b) 3, (Ġ,a) 3, (Ġ,a) ties (a,b) at 3 -> smaller text wins:
    // "Ġ\0a" (U+0120) sorts after "a\0b", so (a,b) first; then (Ġ,ab) 2 beats (Ġ,a) 1.
    const { tokenizerJson, merges } = trainByteLevelBpe(['ab ab ab ac'], {
      ...special,
      vocabSize: 300,
    });
    const model = tokenizerJson.model as { merges: [string, string][]; vocab: Record<string, number> };
    expect(model.merges).toEqual([
      ['a', 'b'],
      ['Ġ', 'ab'],
    ]);
    expect(merges).toBe(2);
    expect(model.vocab.ab).toBe(257);
    expect(model.vocab.Ġab).toBe(258);
  });

  it('stops at vocabSize and puts eos at 0 and the added tokens last', () => {
    const text = 'the cat sat on the mat with the hat '.repeat(20);
    const r = trainByteLevelBpe([text], { ...special, vocabSize: 1 + 256 + 5 + 2 });
    expect(r.merges).toBe(5);
    expect(r.vocabSize).toBe(264);
    const added = r.tokenizerJson.added_tokens as { id: number; content: string; special: boolean }[];
    expect(added.map((t) => [t.id, t.content, t.special])).toEqual([
      [0, '<|endoftext|>', true],
      [262, '<think>', false],
      [263, '</think>', false],
    ]);
  });

  it('is loaded by Hugging Face tokenizers, encodes known words as one token and round-trips any text', () => {
    const corpus = Array.from(
      { length: 50 },
      (_, i) =>
        `Ava has ${i} apples. <think> Ava buys ${i + 3} more apples. </think> The answer is ${2 * i}.`,
    );
    const { tokenizerJson } = trainByteLevelBpe(corpus, { ...special, vocabSize: 600 });
    const tok = new Tokenizer(tokenizerJson, {});
    const ids = tok.encode(' apples', { add_special_tokens: false }).ids;
    expect(ids).toHaveLength(1);
    const thinkId = (tokenizerJson.model as { vocab: Record<string, number> }).vocab;
    expect(thinkId['<think>']).toBeUndefined(); // added tokens live outside the BPE vocabulary
    const enc = tok.encode('Ava buys 7 more apples. <think> x', { add_special_tokens: false });
    expect(enc.tokens).toContain('<think>');
    for (const text of ['Ava has 12 apples.', 'Zoë owes 3,5 € — 😀\nnew line', '<|endoftext|>x</think>']) {
      const e = tok.encode(text, { add_special_tokens: false });
      expect(tok.decode(e.ids, { skip_special_tokens: false })).toBe(text);
    }
  });
});
