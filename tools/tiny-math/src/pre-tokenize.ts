/**
 * The pre-tokenizer split of Qwen2-style byte-level BPE: contractions, words with one leading non-letter, single
 * digits (so numbers are always spelled digit by digit: what arithmetic needs), punctuation runs, newlines and
 * spaces. BPE merges never cross these pieces.
 *
 * `QWEN_SPLIT_PATTERN` is written into tokenizer.json for Hugging Face tokenizers (Rust regex syntax, with a
 * case-insensitive group); `QWEN_SPLIT_REGEX` is the same split for JavaScript, which has no inline `(?i:)` in Node 20.
 */
export const QWEN_SPLIT_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

export const QWEN_SPLIT_REGEX =
  /'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD]|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** The pieces of `text` (special tokens must already be cut out: they never reach the pre-tokenizer). */
export function preTokenize(text: string): string[] {
  return text.match(QWEN_SPLIT_REGEX) ?? [];
}
