import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openResumableJsonl } from './resume-jsonl.js';

it('keeps complete lines, cuts a torn tail so the next append starts a fresh line', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'resume-')), 'results.jsonl');
  expect(openResumableJsonl(file)).toEqual([]);
  writeFileSync(file, '{"id":"a"}\n{"id":"b"}\n{"id":"c","gen');
  expect(openResumableJsonl(file)).toEqual([{ id: 'a' }, { id: 'b' }]);
  appendFileSync(file, '{"id":"c"}\n');
  expect(readFileSync(file, 'utf8')).toBe('{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n');
  writeFileSync(file, '{"id":"a"}\nnot json\n{"id":"b"}\n');
  expect(() => openResumableJsonl(file)).toThrow(`${file}:2: not valid JSON`);
});
