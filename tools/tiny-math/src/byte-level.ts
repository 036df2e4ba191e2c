/**
 * The byte-level alphabet of GPT-2-style BPE (what Hugging Face's `ByteLevel` pre-tokenizer and decoder use): every
 * byte 0..255 maps to one printable character, so any UTF-8 text becomes a string of those characters and back.
 * Printable Latin-1 bytes map to themselves; the other 68 bytes map to U+0100.. in byte order.
 */
function buildByteToChar(): string[] {
  const keep = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = new Array(256);
  let next = 256;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(keep(b) ? b : next++);
  return out;
}

/** byte -> its byte-level character. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/**
 * The alphabet in the order Hugging Face's byte-level vocabularies list it (GPT-2's `bytes_to_unicode` order: the
 * printable bytes first, then the remapped ones), so ids 1..256 of our vocabularies read like theirs.
 */
export const BYTE_ALPHABET: readonly string[] = [...BYTE_TO_CHAR].sort(
  (a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0),
);

const encoder = new TextEncoder();

/** `text` as a string of byte-level characters (one per UTF-8 byte). */
export function toByteLevel(text: string): string {
  let s = '';
  for (const b of encoder.encode(text)) s += BYTE_TO_CHAR[b];
  return s;
}
