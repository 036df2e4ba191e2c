import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';
import { appendJsonl, JsonlError, readJsonl } from './jsonl.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'run-io-'));

describe('jsonl', () => {
  it('round-trips appended records with their line numbers', () => {
    const f = join(tmp(), 'a.jsonl');
    appendJsonl(f, { a: 1 });
    appendJsonl(f, { b: 'x' });
    expect(readJsonl(f)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { b: 'x' } },
    ]);
  });

  it('names file and line of a malformed line', () => {
    const f = join(tmp(), 'bad.jsonl');
    writeFileSync(f, '{"a":1}\n\n{"a":\n{"b":2}\n');
    expect(() => readJsonl(f)).toThrow(JsonlError);
    expect(() => readJsonl(f)).toThrow(`${f}:3: not valid JSON`);
  });

  it('rejects a non-object line', () => {
    const f = join(tmp(), 'arr.jsonl');
    writeFileSync(f, '[1,2]\n');
    expect(() => readJsonl(f)).toThrow(/:1: expected a JSON object, got an array/);
  });

  it('drops a truncated tail only when asked (what a kill leaves)', () => {
    const f = join(tmp(), 'cut.jsonl');
    writeFileSync(f, '{"a":1}\n{"a":2');
    expect(() => readJsonl(f)).toThrow(/:2: not valid JSON/);
    expect(readJsonl(f, { tolerateTruncatedTail: true })).toEqual([{ line: 1, value: { a: 1 } }]);
  });
});

describe('writeFileAtomic', () => {
  it('replaces content and leaves no temp file', () => {
    const d = tmp();
    const f = join(d, 'x', 'c.json');
    writeFileAtomic(f, 'one');
    writeFileAtomic(f, 'two');
    expect(readFileSync(f, 'utf8')).toBe('two');
  });
});
