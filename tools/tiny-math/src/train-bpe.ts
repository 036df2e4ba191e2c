import { BYTE_ALPHABET, toByteLevel } from './byte-level.js';
import { preTokenize, QWEN_SPLIT_PATTERN } from './pre-tokenize.js';

export interface TrainBpeOptions {
  /** Largest vocabulary wanted, special tokens included; training stops earlier when no pair repeats. */
  vocabSize: number;
  /** Id 0: end of text, padding and (for Qwen-style models) the only special token. */
  eosToken: string;
  /** Added tokens that are matched whole in text and never split (e.g. `<think>`), given the last ids. */
  addedTokens: readonly string[];
  /** A pair must occur at least this often (weighted by piece frequency) to be merged. Default 2. */
  minFrequency?: number;
}

export interface TrainedBpe {
  /** The tokenizer.json object, loadable by Hugging Face `tokenizers` / `transformers`. */
  tokenizerJson: Record<string, unknown>;
  vocabSize: number;
  merges: number;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Train a byte-level BPE on `texts` (the algorithm of GPT-2 / Hugging Face's BpeTrainer, written for small
 * corpora): cut the added tokens out, pre-tokenize with Qwen's split, count the pieces, then repeatedly merge
 * the most frequent adjacent pair of symbols (ties broken by the pair's text, so the result is deterministic) until
 * the vocabulary is full or no pair occurs `minFrequency` times. Ids: 0 = eos, 1..256 = the byte alphabet, then
 * the merges in order, then `addedTokens`.
 */
export function trainByteLevelBpe(texts: Iterable<string>, options: TrainBpeOptions): TrainedBpe {
  const { vocabSize, eosToken, addedTokens } = options;
  const minFrequency = options.minFrequency ?? 2;
  const reserved = 1 + BYTE_ALPHABET.length + addedTokens.length;
  if (vocabSize < reserved)
    throw new Error(`trainByteLevelBpe: vocabSize ${vocabSize} is below the ${reserved} reserved ids`);

  // 1. Piece frequencies, with the added tokens cut out (they never reach the pre-tokenizer).
  const cut = new RegExp([eosToken, ...addedTokens].map(escapeRegex).join('|'), 'g');
  const pieceCounts = new Map<string, number>();
  for (const text of texts)
    for (const part of text.split(cut))
      for (const piece of preTokenize(part)) {
        const bl = toByteLevel(piece);
        pieceCounts.set(bl, (pieceCounts.get(bl) ?? 0) + 1);
      }
  const words = [...pieceCounts].map(([w, count]) => ({ symbols: [...w], count }));

  // 2. Merge loop. Corpora here have a few thousand distinct pieces, so a full recount per merge is cheap.
  const merges: [string, string][] = [];
  const maxMerges = vocabSize - reserved;
  while (merges.length < maxMerges) {
    const pairCounts = new Map<string, number>();
    for (const { symbols, count } of words)
      for (let i = 0; i + 1 < symbols.length; i++) {
        // Byte-level symbols never contain U+0000, so it separates the pair unambiguously.
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + count);
      }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, c] of pairCounts)
      if (c > bestCount || (c === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = c;
      }
    if (best === undefined || bestCount < minFrequency) break;
    const [a, b] = best.split('\u0000') as [string, string];
    merges.push([a, b]);
    const merged = a + b;
    for (const w of words) {
      const s = w.symbols;
      if (s.length < 2) continue;
      const out: string[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(s[i]);
      }
      w.symbols = out;
    }
  }

  // 3. Vocabulary and the tokenizer.json of a Qwen2-style byte-level BPE.
  const vocab: Record<string, number> = { [eosToken]: 0 };
  BYTE_ALPHABET.forEach((ch, i) => {
    vocab[ch] = i + 1;
  });
  let next = 1 + BYTE_ALPHABET.length;
  for (const [a, b] of merges) vocab[a + b] = next++;
  const addedIds = addedTokens.map(() => next++);
  const added = (id: number, content: string, special: boolean) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special,
  });
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [added(0, eosToken, true), ...addedTokens.map((t, i) => added(addedIds[i], t, false))],
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: QWEN_SPLIT_PATTERN }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: {},
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  return { tokenizerJson, vocabSize: next, merges: merges.length };
}
