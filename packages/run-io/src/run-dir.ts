import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReasonrlError } from '@reasonrl/core';
import { writeJsonAtomic } from './atomic-write.js';

/** `runs/<command>-<YYYYMMDD-HHMMSS>` under `base`: sortable and unique per second. */
export function defaultRunDir(base: string, command: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return resolve(base, `${command}-${stamp}`);
}

/** What a run directory records so that every result can be reproduced. */
export interface RunInfo {
  command: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'finished' | 'failed';
  error?: string;
  node: string;
  platform: string;
  plugins: { name: string; package: string; version: string }[];
  /** Tensor platforms / execution providers actually used, by service (e.g. backend: "cpu"). */
  devices?: Record<string, string>;
  metrics?: Record<string, number>;
}

export function openRunDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeRunConfig(dir: string, config: unknown): void {
  writeJsonAtomic(join(dir, 'config.json'), config);
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  writeJsonAtomic(join(dir, 'run.json'), info);
}

/** The resolved config a previous run recorded, for `--resume`. */
export function readRunConfig(dir: string): Record<string, unknown> {
  const file = join(dir, 'config.json');
  if (!existsSync(file)) {
    throw new ReasonrlError(
      'RUN_NOT_FOUND',
      `cannot resume: ${file} does not exist (is ${dir} a run directory?)`,
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
