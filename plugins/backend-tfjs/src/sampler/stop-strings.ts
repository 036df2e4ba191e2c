/**
 * Where the earliest stop string occurs in `text`, looking only where it could end inside the characters added since
 * `previousLength` (vLLM checks the new text only). Returns the cut text (with or without the stop string), or
 * undefined when none matched.
 */
export function cutAtStopString(
  text: string,
  previousLength: number,
  stop: readonly string[],
  includeStopStrInOutput: boolean,
): string | undefined {
  let at = -1;
  let matched = '';
  for (const s of stop) {
    if (s.length === 0) continue;
    const i = text.indexOf(s, Math.max(0, previousLength - s.length + 1));
    if (i >= 0 && (at < 0 || i < at)) {
      at = i;
      matched = s;
    }
  }
  if (at < 0) return undefined;
  return text.slice(0, includeStopStrInOutput ? at + matched.length : at);
}
