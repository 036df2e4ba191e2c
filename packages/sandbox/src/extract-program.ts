import type { ProgramLanguage } from './run-program.js';

export interface ExtractedProgram {
  language: ProgramLanguage;
  source: string;
}

const LANGUAGE_TAGS: Record<string, ProgramLanguage> = {
  javascript: 'javascript',
  js: 'javascript',
  node: 'javascript',
  mjs: 'javascript',
  python: 'python',
  py: 'python',
  python3: 'python',
};

/**
 * The program in a model's answer: the last fenced code block (```js ... ```) whose tag names an
 * allowed language; an untagged block counts as `fallback`. Returns null when there is none, so the
 * caller can tell the model exactly that.
 *
 * @param allowed languages the caller can run, in order of preference for untagged blocks.
 */
export function extractProgram(
  response: string,
  allowed: readonly ProgramLanguage[] = ['javascript'],
): ExtractedProgram | null {
  const fence = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;
  let found: ExtractedProgram | null = null;
  for (let m = fence.exec(response); m !== null; m = fence.exec(response)) {
    const tag = m[1].toLowerCase();
    const language = tag === '' ? allowed[0] : LANGUAGE_TAGS[tag];
    if (language && allowed.includes(language) && m[2].trim()) found = { language, source: m[2] };
  }
  return found;
}
