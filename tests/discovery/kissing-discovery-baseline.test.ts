import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@reasonrl/core';
import { runKissingDiscovery } from '@reasonrl/discovery';
import kissingPlugin, { verifyKissingConfiguration } from '@reasonrl/grader-kissing';
import { runProgram } from '@reasonrl/sandbox';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('reasonrl discover kissing with the baseline proposer (no model)', () => {
  it('runs end to end through the kernel and writes a verifiable best set, log and report', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'kissing-baseline-'));
    dirs.push(outDir);
    const kernel = await createKernel({ use: { grader: 'kissing' } }, { plugins: [kissingPlugin] });
    const outcome = await runKissingDiscovery({
      outDir,
      kernel,
      config: { proposer: 'baseline', rounds: 3, candidatesPerRound: 2, roundBudgetMs: 400, seed: 1 },
    });
    await kernel.dispose();

    expect(outcome.rounds).toHaveLength(3);
    expect(outcome.records).toHaveLength(6);
    // A greedy pass on the norm^2 = 4 shell alone is well past the 220 D11 roots.
    expect(outcome.best!.score).toBeGreaterThan(220);
    const bestSoFar = outcome.rounds.map((r) => r.bestSoFar);
    expect(bestSoFar).toEqual([...bestSoFar].sort((a, b) => a - b));
    expect(outcome.files.sort()).toEqual(['conversation_log.json', 'points.json', 'program.js', 'report.md']);

    // The written points pass the verifier on their own, with the reported count.
    const report = verifyKissingConfiguration(await readFile(join(outDir, 'points.json'), 'utf8'));
    expect(report.valid).toBe(true);
    expect(report.numPoints).toBe(outcome.best!.score);

    // program.js reproduces them through the sandbox.
    const run = await runProgram({
      language: 'javascript',
      source: await readFile(join(outDir, 'program.js'), 'utf8'),
    });
    expect(run.status).toBe('ok');
    expect(verifyKissingConfiguration(run.stdout).numPoints).toBe(outcome.best!.score);

    const log = JSON.parse(await readFile(join(outDir, 'conversation_log.json'), 'utf8'));
    expect(log.entries).toHaveLength(6);
    expect(log.settings).toMatchObject({
      proposer: 'baseline',
      rounds: 3,
      candidatesPerRound: 2,
      roundBudgetMs: 400,
    });
    expect(log.rounds).toHaveLength(3);
    expect(log.entries[0]).toMatchObject({ round: 1, index: 0, proposer: 'baseline' });
    expect(log.entries[0].verdict.valid).toBe(true);
    const md = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(md).toContain('| round | candidates | valid | best this round | best so far | elapsed (s) |');
    expect(md).toContain(`**${outcome.best!.score} points**`);
  });

  it('names a missing grader and a bad config', async () => {
    await expect(runKissingDiscovery({ outDir: tmpdir() })).rejects.toThrow(/pass `grader`, or a `kernel`/);
    await expect(runKissingDiscovery({ outDir: tmpdir(), config: { rounds: 0 } })).rejects.toThrow(
      /discovery\.rounds/,
    );
  });
});
