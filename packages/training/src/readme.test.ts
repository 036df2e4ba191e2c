import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { METRIC_NAMES } from './metric-names.js';

it('the README table lists every metric name', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const m of METRIC_NAMES)
    expect(readme).toContain(`| \`${m.name}${m.name.endsWith('/') ? '*' : ''}\` |`);
});
