import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPrompt,
  loadPromptTemplate,
  QUESTION_ONLY_PROMPT,
  R1_ZERO_PROMPT,
} from './prompt-templates.js';

const SHARED_PROMPTS = resolve(__dirname, '../../../../shared/prompts');

describe('prompt templates', () => {
  it('embeds the exact texts of shared/prompts', () => {
    expect(R1_ZERO_PROMPT).toBe(readFileSync(join(SHARED_PROMPTS, 'r1_zero.prompt'), 'utf8'));
    expect(Buffer.byteLength(R1_ZERO_PROMPT)).toBe(449);
    expect(QUESTION_ONLY_PROMPT).toBe(readFileSync(join(SHARED_PROMPTS, 'question_only.prompt'), 'utf8'));
  });

  it('loads by name or from a file, and fills {question}', () => {
    expect(loadPromptTemplate('r1_zero')).toBe(R1_ZERO_PROMPT);
    const file = join(mkdtempSync(join(tmpdir(), 'prompt-')), 'p.txt');
    writeFileSync(file, 'Q: {question}\\boxed{}\nA:');
    const t = loadPromptTemplate(file);
    expect(formatPrompt(t, '1+1?')).toBe('Q: 1+1?\\boxed{}\nA:');
    expect(
      formatPrompt(R1_ZERO_PROMPT, 'What is 2+3?').endsWith('User: What is 2+3?\nAssistant: <think>'),
    ).toBe(true);
  });

  it('names the problem with a bad prompt', () => {
    expect(() => loadPromptTemplate('r1-zero')).toThrow(
      /'r1-zero' is neither a known template \(r1_zero, question_only\)/,
    );
    const file = join(mkdtempSync(join(tmpdir(), 'prompt-')), 'bad.txt');
    writeFileSync(file, 'no placeholder');
    expect(() => loadPromptTemplate(file)).toThrow(/bad\.txt: the template must contain \{question\}/);
  });
});
