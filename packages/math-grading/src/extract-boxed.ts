/**
 * The content of the last `\boxed{...}` (or `\fbox{...}`) in `text`, brace-matched, or `null` when there
 * is none or it is malformed (no `{` right after the command, or braces that never close).
 *
 * One linear scan from the last occurrence: safe on megabyte inputs and thousands of nested braces.
 * Escaped braces (`\{`, `\}`) do not count as grouping braces.
 * Reference: `last_boxed_only_string` + `remove_boxed` in the Dr. GRPO grader (CS336 A5 `drgrpo_grader.py`).
 *
 * @param text a model response or a worked solution (any length)
 * @returns the boxed content (may be the empty string for `\boxed{}`), or null
 */
export function extractBoxed(text: string): string | null {
  if (typeof text !== 'string') return null;
  let start = text.lastIndexOf('\\boxed');
  let command = '\\boxed';
  if (start < 0) {
    start = text.lastIndexOf('\\fbox');
    command = '\\fbox';
    if (start < 0) return null;
  }
  let i = start + command.length;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] !== '{') return null;
  const open = i;
  let depth = 0;
  for (; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i++; // skip the escaped character (\{, \}, \\)
      continue;
    }
    if (ch === 123 /* { */) depth++;
    else if (ch === 125 /* } */) {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return null;
}
