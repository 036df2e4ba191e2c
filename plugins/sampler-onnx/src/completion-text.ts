/** The decoding half of a tokenizer (reasonrl's `TextTokenizer` fits). */
export interface TokenDecoder {
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
}

/**
 * The text of one completion, decoded incrementally as tokens arrive (vLLM's prefix/read offsets: each step decodes
 * only a short window, and a character split across tokens is held back until complete), with stop-string detection
 * that sees strings spanning token boundaries. Special tokens (EOS) are left out of the text, as in vLLM.
 */
export class CompletionText {
  /** Decoded text so far (complete characters only). */
  text = '';
  /** Set when a stop string matched: the final text, cut after (or before) the stop string. */
  stoppedText: string | undefined;
  private readonly ids: number[] = [];
  private prefixOffset = 0;
  private readOffset = 0;

  constructor(
    private readonly decoder: TokenDecoder,
    private readonly stop: readonly string[],
    private readonly includeStopStrInOutput: boolean,
  ) {}

  /**
   * Append one token. When `checkStop` (minTokens reached), looks for a stop string in the new characters together
   * with the `len - 1` characters before them; returns true when one matched (see `stoppedText`).
   */
  push(token: number, checkStop: boolean): boolean {
    this.ids.push(token);
    const window = this.ids.slice(this.prefixOffset);
    const before = this.decode(window.slice(0, this.readOffset - this.prefixOffset));
    const now = this.decode(window);
    if (now.length <= before.length || now.endsWith('\uFFFD')) return false; // nothing new, or a character still incomplete
    const added = now.slice(before.length);
    this.text += added;
    this.prefixOffset = this.readOffset;
    this.readOffset = this.ids.length;
    if (!checkStop || this.stop.length === 0) return false;
    let at = -1;
    let matched = '';
    for (const s of this.stop) {
      const from = Math.max(0, this.text.length - added.length - s.length + 1);
      const i = this.text.indexOf(s, from);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        matched = s;
      }
    }
    if (at < 0) return false;
    this.stoppedText = this.text.slice(0, this.includeStopStrInOutput ? at + matched.length : at);
    return true;
  }

  /** The final text: the stop-cut text, or every token decoded (special tokens skipped). */
  finalText(): string {
    return this.stoppedText ?? this.decode(this.ids);
  }

  /** Decode with special tokens skipped; no ids is the empty string (some tokenizers reject an empty list). */
  private decode(ids: readonly number[]): string {
    return ids.length === 0 ? '' : this.decoder.decode(ids, { skipSpecialTokens: true });
  }
}
