import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bestOfNPlugin from '@reasonrl/algorithm-best-of-n';
import evalPlugin from '@reasonrl/algorithm-eval';
import { createKernel, definePlugin, silentProgress } from '@reasonrl/core';
import r1ZeroPlugin from '@reasonrl/grader-r1-zero';
import countdownPlugin from '@reasonrl/task-countdown';
import taskPlugin from '@reasonrl/task-jsonl';
import { JsonlTracker } from '@reasonrl/tracker-jsonl';
import { describe, expect, it } from 'vitest';
import { ReplaySampler } from './replay-sampler.js';

const formatted = (answer: string) => ` the work </think> <answer> ${answer} </answer>`;
/** Five GSM8K-style problems and what the scripted model answers (first output = the eval response). */
const PROBLEMS = [
  { q: 'What is 2+3?', a: 5, outputs: [formatted('5'), formatted('4'), 'no tags 5', formatted('5')] }, // f1a1
  { q: 'What is 4*4?', a: 16, outputs: [formatted('15'), formatted('16'), formatted('16'), formatted('17')] }, // f1a0
  {
    q: 'What is 9-1?',
    a: 8,
    outputs: ['nine minus one is 8', formatted('7'), formatted('6'), formatted('8')],
  }, // f0a0
  { q: 'What is 6/2?', a: 3, outputs: [formatted('3'), formatted('3'), formatted('2'), formatted('1')] }, // f1a1
  { q: 'What is 7+7?', a: 14, outputs: ['14', formatted('13'), formatted('12'), formatted('11')] }, // f0a0
];
// Mean token log-probs of outputs 0..3 of every prompt: output 3 is the most likely, then 1.
const LOGPROBS = [-1.0, -0.5, -2.0, -0.25];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'eval-it-'));
  const dataset = join(dir, 'data.jsonl');
  writeFileSync(
    dataset,
    PROBLEMS.map((p) => JSON.stringify({ question: p.q, answer: `work\n#### ${p.a}` })).join('\n'),
  );
  const sampler = new ReplaySampler(
    PROBLEMS.map((p) => ({
      match: p.q,
      outputs: p.outputs.map((text, k) => ({ text, logprob: LOGPROBS[k] })),
    })),
  );
  const samplerPlugin = definePlugin({
    name: 'test:replay',
    description: 'scripted',
    provides: [{ kind: 'Sampler', name: 'replay', description: 'scripted', create: () => sampler }],
  });
  const kernelFor = (runDir: string, extra: Record<string, unknown> = {}) =>
    createKernel(
      {
        use: { sampler: 'replay', grader: 'r1_zero', task: 'gsm8k' },
        run: { dir: runDir },
        task: { dataset },
        ...extra,
      },
      { plugins: [taskPlugin, evalPlugin, bestOfNPlugin, r1ZeroPlugin, samplerPlugin] },
    );
  return { dir, dataset, sampler, kernelFor };
}

async function runAlgo(
  kernel: Awaited<ReturnType<ReturnType<typeof setup>['kernelFor']>>,
  name: string,
  runDir: string,
  lines: string[] = [],
) {
  const algo = await kernel.get('Algorithm', name);
  const progress = { ...silentProgress, info: (m: string) => void lines.push(m) };
  return algo.run({ kernel, runDir, tracker: new JsonlTracker(runDir), progress });
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('eval algorithm', () => {
  it('writes results.jsonl and summary.json with the three categories', async () => {
    const { dir, kernelFor, sampler } = setup();
    const runDir = join(dir, 'run');
    const lines: string[] = [];
    const result = await runAlgo(await kernelFor(runDir, { eval: { batchSize: 2 } }), 'eval', runDir, lines);
    expect(sampler.calls.map((c) => c.prompts.length)).toEqual([2, 2, 1]);
    expect(sampler.calls[0].params).toMatchObject({
      n: 1,
      temperature: 1,
      topP: 1,
      maxTokens: 1024,
      stop: ['</answer>'],
      includeStopStrInOutput: true,
      logprobs: true,
    });
    const results = readLines(join(runDir, 'results.jsonl'));
    expect(results.map((r) => [r.id, r.reference, r.formatReward, r.answerReward, r.category])).toEqual([
      ['L1', '5', 1, 1, 'format1Answer1'],
      ['L2', '16', 1, 0, 'format1Answer0'],
      ['L3', '8', 0, 0, 'format0Answer0'],
      ['L4', '3', 1, 1, 'format1Answer1'],
      ['L5', '14', 0, 0, 'format0Answer0'],
    ]);
    expect(results[0].prompt.endsWith('User: What is 2+3?\nAssistant: <think>')).toBe(true);
    expect(results[0].tokenCount).toBe(formatted('5').split(/\s+/).filter(Boolean).length);
    expect(results[0].logProbs.mean).toBeCloseTo(-1, 12);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.counts).toEqual({
      format1Answer1: 2,
      format1Answer0: 1,
      format0Answer0: 2,
      format0Answer1: 0,
    });
    expect(summary.accuracy).toBeCloseTo(0.4, 12);
    expect(summary.formatRate).toBeCloseTo(0.6, 12);
    expect(summary.examples.format0Answer0.map((e: { id: string }) => e.id)).toEqual(['L3', 'L5']);
    expect(result.metrics.accuracy).toBeCloseTo(0.4, 12);
    expect(lines.join('\n')).toMatch(/\| accuracy +\| +40\.0% \|/);
  });

  it('resumes after a crash and a torn last line, generating only what is missing', async () => {
    const { dir, kernelFor, sampler } = setup();
    const runDir = join(dir, 'run');
    sampler.failOnCall = 2;
    await expect(
      runAlgo(await kernelFor(runDir, { eval: { batchSize: 2 } }), 'eval', runDir),
    ).rejects.toThrow('simulated crash');
    expect(readLines(join(runDir, 'results.jsonl')).map((r) => r.id)).toEqual(['L1', 'L2']);
    appendFileSync(join(runDir, 'results.jsonl'), '{"id":"L3","gener'); // what a kill mid-write leaves
    sampler.failOnCall = undefined;
    sampler.calls.length = 0;
    const lines: string[] = [];
    await runAlgo(await kernelFor(runDir, { eval: { batchSize: 2 } }), 'eval', runDir, lines);
    expect(lines[0]).toBe('resuming: 2 of 5 problems already in results.jsonl');
    expect(
      sampler.calls.flatMap((c) =>
        c.prompts.map((p) => p.slice(p.indexOf('User: ') + 6, p.indexOf('\nAssistant'))),
      ),
    ).toEqual(['What is 9-1?', 'What is 6/2?', 'What is 7+7?']);
    expect(readLines(join(runDir, 'results.jsonl')).map((r) => r.id)).toEqual(['L1', 'L2', 'L3', 'L4', 'L5']);
    expect(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')).problems).toBe(5);
    // The same run directory with another prompt template is refused, not mixed.
    const other = await kernelFor(runDir, {
      task: { dataset: join(dir, 'data.jsonl'), prompt: 'question_only' },
    });
    await expect(runAlgo(other, 'eval', runDir)).rejects.toThrow(
      /problem 'L1' was recorded with another prompt or reference/,
    );
  });

  it('stops before generating when the data set has a malformed line', async () => {
    const { dir, dataset, kernelFor, sampler } = setup();
    appendFileSync(dataset, `\n${JSON.stringify({ question: 'Bad?', answer: 'no marker' })}\n`);
    const runDir = join(dir, 'run');
    await expect(runAlgo(await kernelFor(runDir), 'eval', runDir)).rejects.toThrow(
      `${dataset}:6: field 'answer'`,
    );
    expect(sampler.calls).toHaveLength(0);
    expect(existsSync(join(runDir, 'results.jsonl'))).toBe(false);
    await runAlgo(await kernelFor(runDir, { task: { dataset, skipBad: true } }), 'eval', runDir);
    expect(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'))).toMatchObject({
      problems: 5,
      skippedLines: 1,
    });
  });
});

describe('best-of-n algorithm', () => {
  it('computes pass@N and Best@N from one pass and writes the plot and report', async () => {
    const { dir, kernelFor, sampler } = setup();
    const runDir = join(dir, 'bon');
    const result = await runAlgo(
      await kernelFor(runDir, { bestOfN: { n: [1, 2, 4], batchSize: 3 } }),
      'best-of-n',
      runDir,
    );
    expect(sampler.calls.map((c) => [c.prompts.length, c.params.n])).toEqual([
      [3, 4],
      [2, 4],
    ]);
    const out = JSON.parse(readFileSync(join(runDir, 'bestofn.json'), 'utf8'));
    // Correct outputs by prompt (k = 0..3): [1,0,0,1], [0,1,1,0], [0,0,0,1], [1,1,0,0], [0,0,0,0].
    // pass@1 = 2/5; pass@2 = 3/5 (prompts 1, 2, 4); pass@4 = 4/5.
    // Best@2 takes output 1 (lp -0.5 > -1): correct for prompts 2, 4 -> 2/5. Best@4 takes output 3: prompts 1, 3 -> 2/5.
    // Unbiased pass@k with n = 4, c = [2,2,1,2,0]: k=1 -> (0.5+0.5+0.25+0.5+0)/5 = 0.35;
    // k=2 -> c=2: 1 - C(2,2)/C(4,2) = 5/6, c=1: 1 - C(3,2)/C(4,2) = 1/2 -> (3 * 5/6 + 1/2)/5 = 0.6.
    expect(out.curves.map((p: { n: number }) => p.n)).toEqual([1, 2, 4]);
    const [p1, p2, p4] = out.curves;
    expect(p1.passAtN).toBeCloseTo(0.4, 12);
    expect(p1.bestAtN).toBe(p1.passAtN);
    expect(p2.passAtN).toBeCloseTo(0.6, 12);
    expect(p2.bestAtN).toBeCloseTo(0.4, 12);
    expect(p4.passAtN).toBeCloseTo(0.8, 12);
    expect(p4.bestAtN).toBeCloseTo(0.4, 12);
    expect(p1.passAtKUnbiased).toBeCloseTo(0.35, 12);
    expect(p2.passAtKUnbiased).toBeCloseTo(0.6, 12);
    expect(p4.passAtKUnbiased).toBeCloseTo(0.8, 12);
    expect(result.metrics['best@1']).toBe(result.metrics['pass@1']);
    const svg = readFileSync(join(runDir, 'bestofn.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Best@N');
    expect([...readFileSync(join(runDir, 'bestofn.png')).subarray(0, 8)]).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('<tr><td>2</td><td>60.0%</td><td>40.0%</td><td>60.0%</td></tr>');
  });

  it('resumes after a crash without redrawing the prompts already sampled', async () => {
    const { dir, kernelFor, sampler } = setup();
    const runDir = join(dir, 'bon');
    const config = { bestOfN: { n: [1, 4], batchSize: 2, png: false } };
    sampler.failOnCall = 2;
    await expect(runAlgo(await kernelFor(runDir, config), 'best-of-n', runDir)).rejects.toThrow(
      'simulated crash',
    );
    sampler.failOnCall = undefined;
    sampler.calls.length = 0;
    await runAlgo(await kernelFor(runDir, config), 'best-of-n', runDir);
    expect(sampler.calls.map((c) => c.prompts.length)).toEqual([2, 1]);
    expect(readLines(join(runDir, 'bestofn-samples.jsonl')).map((r) => r.id)).toEqual([
      'L1',
      'L2',
      'L3',
      'L4',
      'L5',
    ]);
    expect(JSON.parse(readFileSync(join(runDir, 'bestofn.json'), 'utf8')).curves[1].passAtN).toBeCloseTo(
      0.8,
      12,
    );
  });

  it("reuses an eval run's responses as the first sample", async () => {
    const { dir, kernelFor, sampler } = setup();
    const evalDir = join(dir, 'eval');
    await runAlgo(await kernelFor(evalDir), 'eval', evalDir);
    sampler.calls.length = 0;
    const runDir = join(dir, 'bon');
    await runAlgo(
      await kernelFor(runDir, { bestOfN: { n: [1], evalRun: evalDir, png: false } }),
      'best-of-n',
      runDir,
    );
    expect(sampler.calls).toHaveLength(0);
    const out = JSON.parse(readFileSync(join(runDir, 'bestofn.json'), 'utf8'));
    expect(out.reusedEvalSamples).toBe(5);
    expect(out.curves[0].passAtN).toBeCloseTo(
      JSON.parse(readFileSync(join(evalDir, 'summary.json'), 'utf8')).accuracy,
      12,
    );
    expect(existsSync(join(runDir, 'bestofn.png'))).toBe(false);
  });
});

describe('countdown through the eval algorithm', () => {
  it('grades equations by evaluating them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-cd-'));
    const dataset = join(dir, 'cd.jsonl');
    writeFileSync(
      dataset,
      `${JSON.stringify({ nums: [30, 100, 93], target: 23 })}\n${JSON.stringify({ nums: [83, 18, 75], target: 10 })}\n`,
    );
    const sampler = new ReplaySampler([
      {
        match: '[30, 100, 93]',
        outputs: [{ text: ' 100 - 93 = 7 </think> <answer> 30 - (100 - 93) </answer>', logprob: -1 }],
      },
      {
        match: '[83, 18, 75]',
        outputs: [{ text: ' </think> <answer> 83 - 75 + 18 </answer>', logprob: -1 }],
      },
    ]);
    const samplerPlugin = definePlugin({
      name: 'test:replay',
      description: 'scripted',
      provides: [{ kind: 'Sampler', name: 'replay', description: 'scripted', create: () => sampler }],
    });
    const kernel = await createKernel(
      { use: { sampler: 'replay', grader: 'countdown', task: 'countdown' }, task: { dataset } },
      { plugins: [taskPlugin, evalPlugin, countdownPlugin, samplerPlugin] },
    );
    const runDir = join(dir, 'run');
    await runAlgo(kernel, 'eval', runDir);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary.counts).toEqual({
      format1Answer1: 1,
      format1Answer0: 1,
      format0Answer0: 0,
      format0Answer1: 0,
    });
  });
});
