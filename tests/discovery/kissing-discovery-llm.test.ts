import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKernel } from '@reasonrl/core';
import { runKissingDiscovery } from '@reasonrl/discovery';
import kissingPlugin from '@reasonrl/grader-kissing';
import openaiPlugin, {
  type ChatTestServer,
  chatCompletionBody,
  startChatTestServer,
} from '@reasonrl/sampler-openai';
import { probeIsolation } from '@reasonrl/sandbox';
import { afterEach, describe, expect, it } from 'vitest';

/** A valid program: the 220 vectors with two entries +-1 (D11 roots). */
const ROOTS_PROGRAM = [
  '```javascript',
  'const pts = [];',
  'for (let i = 0; i < 11; i++) for (let j = i + 1; j < 11; j++)',
  '  for (const a of [1, -1]) for (const b of [1, -1]) { const v = new Array(11).fill(0); v[i] = a; v[j] = b; pts.push(v); }',
  'console.log(JSON.stringify(pts));',
  '```',
].join('\n');
/** Invalid: (2,0,..) and (1,1,0,..) are at squared distance 2 < 4. */
const TOO_CLOSE =
  '```js\nconst z = new Array(9).fill(0);\nconsole.log(JSON.stringify([[2, 0, ...z], [1, 1, ...z]]));\n```';
const LOOPS = 'Let me think.\n```javascript\nwhile (true) {}\n```';
const NO_CODE = 'The kissing number in 11 dimensions is at least 593.';
const GARBAGE = "```javascript\nconsole.log('hello, here are 593 points')\n```";
const READS_FILES = "```javascript\nconsole.log(require('fs').readFileSync('/etc/passwd', 'utf8'))\n```";

let server: ChatTestServer | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('reasonrl discover kissing with an LLM behind an OpenAI-compatible endpoint (loopback)', () => {
  it('verifies each program, keeps the best, feeds the exact verdicts back, and logs the failures', async () => {
    server = await startChatTestServer(
      (r) => ({
        body: chatCompletionBody(
          r.index === 0 ? [TOO_CLOSE, ROOTS_PROGRAM, LOOPS, NO_CODE] : [READS_FILES, GARBAGE, NO_CODE, LOOPS],
        ),
      }),
      { maxRequests: 4 },
    );
    const kernel = await createKernel(
      {
        use: { grader: 'kissing', sampler: 'openai' },
        openai: { baseUrl: server.baseUrl, model: 'scripted', retryBaseMs: 10 },
      },
      { plugins: [kissingPlugin, openaiPlugin] },
    );
    const outDir = await mkdtemp(join(tmpdir(), 'kissing-llm-'));
    dirs.push(outDir);
    const outcome = await runKissingDiscovery({
      outDir,
      kernel,
      config: { proposer: 'llm', rounds: 2, candidatesPerRound: 4, programTimeoutMs: 300 },
    });
    await kernel.dispose();

    expect(server.requests).toHaveLength(2);
    expect(server.requests[0].body).toMatchObject({ model: 'scripted', n: 4 });
    expect(outcome.best).toMatchObject({ score: 220, round: 1, index: 1 });
    expect(outcome.rounds.map((r) => [r.valid, r.bestSoFar])).toEqual([
      [1, 220],
      [0, 220],
    ]);

    // Round 2's prompt carries the best score, its program and round 1's exact verifier messages.
    const prompt2 = (server.requests[1].body.messages as { content: string }[])[0].content;
    expect(prompt2).toContain('Best valid set so far: 220 points.');
    expect(prompt2).toContain('const pts = [];');
    expect(prompt2).toContain(
      '1. invalid: minimum squared distance 2 < maximum squared norm 4 (points 0 and 1:',
    );
    expect(prompt2).toContain('2. valid, 220 points.');
    expect(prompt2).toContain('3. program timeout: the program ran past 300 ms and was stopped');
    expect(prompt2).toContain('4. no program found');

    const log = JSON.parse(await readFile(join(outDir, 'conversation_log.json'), 'utf8'));
    expect(log.entries).toHaveLength(8);
    expect(log.entries.map((e: { score: number }) => e.score)).toEqual([0, 220, 0, 0, 0, 0, 0, 0]);
    expect(log.entries[2].run.status).toBe('timeout');
    expect(log.entries[4].run.status).toBe('error');
    expect(log.entries[4].feedback).toContain('require is not defined');
    expect(log.entries[5].run.status).toBe('ok');
    expect(log.entries[5].feedback).toMatch(/^invalid: invalid JSON at character 0/);
    expect(log.entries[1].response).toBe(ROOTS_PROGRAM);
    expect(log.entries[0].prompt).toContain('Find a large set C of integer vectors in Z^11');

    expect(await readFile(join(outDir, 'program.js'), 'utf8')).toContain('const pts = [];');
    const md = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(md).toContain('**220 points**');
    expect(md).toContain('- program timeout: 2');
  });

  it.runIf(probeIsolation().python)('runs Python answers too when python is allowed', async () => {
    const python = [
      '```python',
      'import itertools, json',
      'pts = []',
      'for i, j in itertools.combinations(range(11), 2):',
      '    for a in (1, -1):',
      '        for b in (1, -1):',
      '            v = [0] * 11; v[i] = a; v[j] = b; pts.append(v)',
      'print(json.dumps(pts))',
      '```',
    ].join('\n');
    server = await startChatTestServer(() => ({ body: chatCompletionBody([python]) }), { maxRequests: 1 });
    const kernel = await createKernel(
      { use: { grader: 'kissing', sampler: 'openai' }, openai: { baseUrl: server.baseUrl, model: 'py' } },
      { plugins: [kissingPlugin, openaiPlugin] },
    );
    const outDir = await mkdtemp(join(tmpdir(), 'kissing-py-'));
    dirs.push(outDir);
    const outcome = await runKissingDiscovery({
      outDir,
      kernel,
      config: { proposer: 'llm', rounds: 1, candidatesPerRound: 1, languages: ['javascript', 'python'] },
    });
    await kernel.dispose();
    expect(outcome.best?.score).toBe(220);
    expect(outcome.files).toContain('program.py');
    expect((server.requests[0].body.messages as { content: string }[])[0].content).toContain(
      '```python block',
    );
  });

  it('stops with a clear error when the endpoint is unreachable', async () => {
    const gone = await startChatTestServer(() => ({ body: {} }));
    await gone.close();
    const kernel = await createKernel(
      {
        use: { grader: 'kissing', sampler: 'openai' },
        openai: { baseUrl: gone.baseUrl, model: 'm', maxRetries: 1, retryBaseMs: 10 },
      },
      { plugins: [kissingPlugin, openaiPlugin] },
    );
    await expect(
      runKissingDiscovery({ outDir: tmpdir(), kernel, config: { proposer: 'llm', rounds: 1 } }),
    ).rejects.toThrow(/cannot get a completion from the OpenAI-compatible endpoint .* ECONNREFUSED/);
    await kernel.dispose();
  });
});
