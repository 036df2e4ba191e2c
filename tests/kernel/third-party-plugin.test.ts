import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonrl } from './cli-harness.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rrl-cli-'));

function writeConfig(dir: string, body: string): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, body);
  return file;
}

const GOOD = `plugins: ['@reasonrl-fixtures/algorithm-hello']
use:
  algorithm: hello
hello:
  greeting: hi there
  steps: 4
`;

describe('a third-party algorithm plugin, from its own package, run by config', () => {
  it('runs through the built CLI and writes its run directory', () => {
    const dir = tmp();
    const out = join(dir, 'run');
    const r = reasonrl(['run', '--config', writeConfig(dir, GOOD), '--out', out]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'hello.txt'), 'utf8')).toBe('hi there x4\n');
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(metrics.map((m) => m['hello/sum'])).toEqual([1, 3, 6, 10]);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.hello).toEqual({ greeting: 'hi there', steps: 4 });
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(info.status).toBe('finished');
    expect(info.metrics).toEqual({ sum: 10 });
    expect(info.plugins.map((p: { name: string }) => p.name)).toContain('fixture:hello');
  });

  it('--set overrides the file', () => {
    const dir = tmp();
    const out = join(dir, 'run');
    const r = reasonrl(['run', '-c', writeConfig(dir, GOOD), '--set', 'hello.steps=2', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'hello.txt'), 'utf8')).toBe('hi there x2\n');
  });

  it('`reasonrl plugins` lists it with what it provides', () => {
    const dir = tmp();
    const r = reasonrl(['plugins', '--config', writeConfig(dir, GOOD)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fixture:hello/);
    expect(r.stdout).toMatch(/Algorithm\s+hello/);
  });

  it('`reasonrl config --print` shows defaults and descriptions of plugin fields', () => {
    const dir = tmp();
    const r = reasonrl(['config', '--print', '--config', writeConfig(dir, GOOD)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/hello\.steps\s+\*4\s+3\s+number: How many steps to log\./);
  });
});

describe('bad config: precise error, exit code 2, nothing written', () => {
  const cases: { name: string; body: string; expect: RegExp[] }[] = [
    {
      name: 'unknown algorithm name lists the installed ones',
      body: GOOD.replace('algorithm: hello', 'algorithm: helo'),
      expect: [
        /use\.algorithm: no Algorithm named 'helo' is installed \(did you mean 'hello'\?\); installed Algorithms: .*hello/,
      ],
    },
    {
      name: 'wrong type names path, expected and got',
      body: GOOD.replace('steps: 4', 'steps: four'),
      expect: [/hello\.steps: expected number, got string "four"/],
    },
    {
      name: 'unknown field suggests the intended one',
      body: GOOD.replace('steps: 4', 'stpes: 4'),
      expect: [/hello\.stpes: unknown field \(did you mean 'steps'\?\)/],
    },
    {
      name: 'unknown section suggests the intended one',
      body: `${GOOD}helo:\n  steps: 1\n`,
      expect: [/helo: unknown section \(did you mean 'hello'\?\)/],
    },
    {
      name: 'unknown plugin package',
      body: GOOD.replace('@reasonrl-fixtures/algorithm-hello', '@reasonrl-fixtures/no-such-plugin'),
      expect: [/cannot find plugin package '@reasonrl-fixtures\/no-such-plugin'/],
    },
    {
      name: 'YAML syntax error gives the line',
      body: 'use:\n  algorithm: [hello\n',
      expect: [/config\.yaml/, /line \d+/],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const dir = tmp();
      const out = join(dir, 'run');
      const r = reasonrl(['run', '--config', writeConfig(dir, c.body), '--out', out]);
      for (const re of c.expect) expect(r.stderr).toMatch(re);
      expect(r.code).toBe(c.name === 'unknown plugin package' ? 1 : 2);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('reports every problem at once', () => {
    const dir = tmp();
    const body = GOOD.replace('steps: 4', 'steps: -1\n  colour: red');
    const r = reasonrl(['config', '--config', writeConfig(dir, body)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/hello\.steps/);
    expect(r.stderr).toMatch(/hello\.colour: unknown field/);
  });
});
