import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_BIN = join(REPO, 'apps', 'cli', 'dist', 'bin.js');

/** Run the built `reasonrl` binary as a user would; `pnpm test` builds it first. */
export function reasonrl(args: string[], cwd = join(REPO, 'tests')) {
  if (!existsSync(CLI_BIN))
    throw new Error(`${CLI_BIN} is missing: run 'pnpm build' (pnpm test does) before these tests`);
  const r = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
