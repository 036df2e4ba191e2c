import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadTokenizer } from './tokenizer.js';

const DIR = join(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'hf-tiny', 'qwen2-tiny');

it('decodes an empty id list to the empty string (a completion with no tokens)', async () => {
  const tok = await loadTokenizer(DIR);
  expect(tok.decode([])).toBe('');
  expect(tok.decode(tok.encode(' </answer>'))).toBe(' </answer>');
});
