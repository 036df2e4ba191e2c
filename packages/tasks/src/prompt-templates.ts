import { existsSync, readFileSync } from 'node:fs';
import { ReasonrlError } from '@reasonrl/core';

/**
 * The DeepSeek-R1-Zero prompt of CS336 A5 / NLPDL HW3 (`prompts/r1_zero.prompt`, 449 bytes, no trailing
 * newline). The model continues after `Assistant: <think>` with `... </think> <answer> ... </answer>`.
 */
export const R1_ZERO_PROMPT =
  'A conversation between User and Assistant. The User asks a question, and the Assistant solves it. ' +
  'The Assistant first thinks about the reasoning process in the mind and then provides the User with the answer. ' +
  'The reasoning process is enclosed within <think> </think> and answer is enclosed within <answer> </answer> tags, ' +
  'respectively, i.e., <think> reasoning process here </think> <answer> answer here </answer>.\n' +
  'User: {question}\n' +
  'Assistant: <think>';

/** The question alone (`prompts/question_only.prompt`), graded by the last `\boxed{}` of the response. */
export const QUESTION_ONLY_PROMPT = '{question}';

/** Templates known by name; anything else given as a prompt is read as a file path. */
export const PROMPT_TEMPLATES: Readonly<Record<string, string>> = {
  r1_zero: R1_ZERO_PROMPT,
  question_only: QUESTION_ONLY_PROMPT,
};

/** The placeholder a template must contain exactly where the problem text goes. */
export const QUESTION_PLACEHOLDER = '{question}';

/**
 * A prompt template by name (`r1_zero`, `question_only`) or from a file (read verbatim, no trimming).
 * @throws ReasonrlError PROMPT_NOT_FOUND for an unknown name that is no file; PROMPT_INVALID when the text
 *   lacks `{question}`.
 */
export function loadPromptTemplate(nameOrFile: string): string {
  const named = PROMPT_TEMPLATES[nameOrFile];
  if (named !== undefined) return named;
  if (!existsSync(nameOrFile)) {
    throw new ReasonrlError(
      'PROMPT_NOT_FOUND',
      `prompt '${nameOrFile}' is neither a known template (${Object.keys(PROMPT_TEMPLATES).join(', ')}) nor an existing file`,
    );
  }
  const text = readFileSync(nameOrFile, 'utf8');
  checkTemplate(text, nameOrFile);
  return text;
}

/** Throws PROMPT_INVALID unless `template` contains `{question}`. */
export function checkTemplate(template: string, where = 'prompt template'): void {
  if (!template.includes(QUESTION_PLACEHOLDER)) {
    throw new ReasonrlError(
      'PROMPT_INVALID',
      `${where}: the template must contain ${QUESTION_PLACEHOLDER} where the problem goes`,
    );
  }
}

/**
 * Fill a template: every `{question}` becomes the problem text (Python's `str.format(question=...)` for
 * these templates; other braces are left as they are, so LaTeX in a template is safe).
 */
export function formatPrompt(template: string, question: string): string {
  return template.split(QUESTION_PLACEHOLDER).join(question);
}
