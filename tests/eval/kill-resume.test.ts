import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { runCommands } from './run-commands-in-process.js';

const SHARED = resolve(__dirname, '../../../shared');
const TINY = join(SHARED, 'conformance/hf-tiny/qwen2-tiny');
const GSM8K = join(SHARED, 'datasets/gsm8k/test.jsonl');
const CONFIG = join(__dirname, 'tiny-onnx.config.json');
const REPO = resolve(__dirname, '../..');
const cli = runCommands;

it('resumes after the process is killed mid-run (SIGKILL), without redoing or losing problems', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'e2e-')), 'killed');
  const args = [
    'eval',
    '--config',
    CONFIG,
    '--model',
    TINY,
    '--dataset',
    GSM8K,
    '--limit',
    '12',
    '--max-tokens',
    '32',
    '--batch-size',
    '1',
    '--out',
    dir,
  ];
  const results = join(dir, 'results.jsonl');
  const lineCount = () => (existsSync(results) ? readFileSync(results, 'utf8').split('\n').length - 1 : 0);
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@reasonrl/source', '--import', 'tsx', join(__dirname, 'run-commands.ts'), ...args],
    {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  let exitSignal: NodeJS.Signals | null | undefined;
  const exited = new Promise<void>((done) =>
    child.on('exit', (_code, signal) => {
      exitSignal = signal;
      done();
    }),
  );
  for (let t = 0; t < 3000 && lineCount() < 3 && exitSignal === undefined; t++)
    await new Promise((r) => setTimeout(r, 20));
  if (exitSignal === undefined) child.kill('SIGKILL');
  await exited;
  expect(exitSignal, `the run ended before it was killed:\n${stderr}`).toBe('SIGKILL');
  const before = lineCount();
  expect(before).toBeGreaterThanOrEqual(3);
  expect(before).toBeLessThan(12);
  expect(existsSync(join(dir, 'summary.json'))).toBe(false);
  // Rerunning the same command into the same --out resumes (--resume DIR does too, from the recorded config).
  const { info } = await cli(args);
  expect(info).toContain(`resuming: ${before} of 12 problems already in results.jsonl`);
  const ids = readFileSync(results, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).id);
  expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `L${i + 1}`));
  expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).problems).toBe(12);
});
