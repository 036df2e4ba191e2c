import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_MATH_ASSET_FILES, TINY_MATH_VOCAB_SIZE, tinyMathAssetsDir } from './index.js';

describe('tinyMathAssetsDir', () => {
  it('points at the shipped tokenizer, whose ids fit the tiny model vocabulary', () => {
    const dir = tinyMathAssetsDir();
    expect(TINY_MATH_ASSET_FILES).toContain('tokenizer.json');
    const tok = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as {
      model: { vocab: Record<string, number> };
      added_tokens: { id: number; content: string }[];
    };
    const ids = [...Object.values(tok.model.vocab), ...tok.added_tokens.map((t) => t.id)];
    expect(Math.max(...ids)).toBe(TINY_MATH_VOCAB_SIZE - 1);
    // The r1_zero format tokens are single special tokens.
    expect(tok.added_tokens.map((t) => t.content)).toEqual(
      expect.arrayContaining(['<think>', '</think>', '<answer>', '</answer>']),
    );
    const gen = JSON.parse(readFileSync(join(dir, 'generation_config.json'), 'utf8'));
    expect(gen.eos_token_id).toBe(0);
  });
});
