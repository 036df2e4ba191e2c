import { existsSync, readFileSync } from 'node:fs';
import { readJsonl, writeFileAtomic } from '@reasonrl/run-io';

/**
 * Open a JSONL results file for resuming: the complete records already in it, after cutting off an
 * unterminated last line that a killed writer left (rewritten atomically), so new appends start on a
 * fresh line. A missing file yields no records. Any other malformed line is an error (file:line).
 */
export function openResumableJsonl(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) {
    const cut = text.lastIndexOf('\n') + 1;
    writeFileAtomic(file, text.slice(0, cut));
  }
  return readJsonl(file).map((r) => r.value);
}
