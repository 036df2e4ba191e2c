/** A bracketed list as written: `(1,2]` -> `{ open: '(', close: ']', elements: ['1', '2'] }`. */
export interface BracketedList {
  open: string;
  close: string;
  elements: string[];
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const SET_OPEN = '\\{';
const SET_CLOSE = '\\}';

/**
 * Splits a tuple, interval or set (`(a,b)`, `[a,b)`, `\{a,b\}`) into its top-level elements, when the outer
 * brackets enclose the whole string and there are at least two elements; `null` otherwise (`(a)(b)`,
 * `(1,2)\cup(3,4)`, `5`). Commas inside nested brackets or braces do not split.
 *
 * @param s a normalized answer (no spaces); at most `maxLength` characters are considered
 */
export function splitTuple(s: string, maxLength = 4096): BracketedList | null {
  if (s.length < 3 || s.length > maxLength) return null;
  let open: string;
  let close: string;
  let body: string;
  if (s.startsWith(SET_OPEN) && s.endsWith(SET_CLOSE) && s.length >= 4) {
    open = SET_OPEN;
    close = SET_CLOSE;
    body = s.slice(2, -2);
  } else if (OPENERS.has(s[0]) && CLOSERS.has(s[s.length - 1]) && s[0] !== '{') {
    open = s[0];
    close = s[s.length - 1];
    body = s.slice(1, -1);
  } else {
    return null;
  }
  const elements = splitTopLevel(body, ',');
  if (elements === null || elements.length < 2) return null;
  return { open, close, elements };
}

/**
 * Splits `s` at top-level occurrences of `separator` (outside any (), [], {} nesting); `null` when the
 * brackets do not balance (so the outer brackets were not one group).
 */
export function splitTopLevel(s: string, separator: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
      depth += s[i + 1] === '{' ? 1 : -1;
      i++;
    } else if (OPENERS.has(ch)) depth++;
    else if (CLOSERS.has(ch)) depth--;
    if (depth < 0) return null;
    if (depth === 0 && s.startsWith(separator, i)) {
      parts.push(s.slice(from, i));
      from = i + separator.length;
      i = from - 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(s.slice(from));
  return parts;
}
