#!/usr/bin/env node
// Runs every tools/bench/*.bench.ts (or those named on the command line) one after another with tsx.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(w))) : all;
if (chosen.length === 0) {
  console.error(
    `no benchmark matches ${wanted.join(', ')}; available: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`,
  );
  process.exit(2);
}
let failed = 0;
for (const file of chosen) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(
    process.execPath,
    ['--conditions=@reasonrl/source', '--import', 'tsx', join(here, file)],
    {
      stdio: 'inherit',
      cwd: join(here, '..', '..'),
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
