import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createKernel } from '@reasonrl/core';
import { runKissingDiscovery } from '@reasonrl/discovery';
import kissingPlugin from '@reasonrl/grader-kissing';
import onnxSampler from '@reasonrl/sampler-onnx';
import { afterAll, describe, expect, it } from 'vitest';

const TINY = resolve(__dirname, '..', '..', '..', 'shared', 'conformance', 'hf-tiny', 'qwen2-tiny');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('reasonrl discover kissing with the local tiny model (ONNX sampler)', () => {
  it('runs offline end to end; the random tiny model writes no valid program, and that is recorded', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'kissing-local-'));
    dirs.push(outDir);
    const kernel = await createKernel(
      { use: { grader: 'kissing', sampler: 'onnx' }, onnxSampler: { model: TINY, intraOpNumThreads: 1 } },
      { plugins: [kissingPlugin, onnxSampler] },
    );
    const outcome = await runKissingDiscovery({
      outDir,
      kernel,
      config: { proposer: 'llm', rounds: 2, candidatesPerRound: 3, seed: 0 },
    });
    await kernel.dispose();

    expect(outcome.rounds).toHaveLength(2);
    expect(outcome.records).toHaveLength(6);
    expect(outcome.best).toBeNull();
    const log = JSON.parse(await readFile(join(outDir, 'conversation_log.json'), 'utf8'));
    expect(log.entries).toHaveLength(6);
    for (const e of log.entries) {
      expect(e.proposer).toBe('llm:onnx');
      expect(typeof e.response).toBe('string');
    }
    // Round 2's prompt quotes the verifier's messages; with a 512-token model it is shortened to fit.
    expect(log.entries.slice(3).every((e: { note?: string }) => /finish reason/.test(e.note ?? ''))).toBe(
      true,
    );
    const report = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(report).toMatch(/No valid set was found/);
    expect(report).toMatch(/Proposer: `llm:onnx`/);
  });
});
