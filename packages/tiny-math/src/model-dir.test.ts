import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_MATH_MODEL_FILES, tinyMathModelDir, tinyMathVocabSize } from './index.js';

const json = (file: string) => JSON.parse(readFileSync(join(tinyMathModelDir(), file), 'utf8'));

describe('the shipped tiny-math model folder', () => {
  it('is a complete Qwen2 checkpoint whose tokenizer ids fit the model vocabulary', () => {
    expect(TINY_MATH_MODEL_FILES).toContain('model.safetensors');
    const config = json('config.json');
    expect(config.model_type).toBe('qwen2');
    expect(config.vocab_size).toBe(tinyMathVocabSize());
    expect(config.vocab_size % 64).toBe(0);
    const tok = json('tokenizer.json') as {
      model: { vocab: Record<string, number> };
      added_tokens: { id: number; content: string; special: boolean }[];
    };
    const ids = [...Object.values(tok.model.vocab), ...tok.added_tokens.map((t) => t.id)];
    expect(Math.max(...ids)).toBeLessThan(config.vocab_size);
    // The r1_zero format tags are single tokens; end of text (id 0) is eos and padding.
    expect(tok.added_tokens.map((t) => t.content)).toEqual([
      '<|endoftext|>',
      '<think>',
      '</think>',
      '<answer>',
      '</answer>',
    ]);
    expect(json('generation_config.json').eos_token_id).toBe(0);
  });

  it('records how it was made: the seeded command, the steps and the time it took', () => {
    const record = json('pretrain.json');
    expect(record.command).toMatch(/tools\/tiny-math\/src\/pretrain\.ts/);
    expect(Number.isInteger(record.seed)).toBe(true);
    expect(record.steps).toBeGreaterThan(0);
    expect(record.seconds).toBeGreaterThan(0);
    expect(record.evals.length).toBeGreaterThan(0);
  });
});
