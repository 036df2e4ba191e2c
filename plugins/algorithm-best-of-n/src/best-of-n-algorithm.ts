import { join } from 'node:path';
import {
  type Algorithm,
  type AlgorithmContext,
  type AlgorithmResult,
  type Completion,
  type Grader,
  type Problem,
  ReasonrlError,
  type Sampler,
} from '@reasonrl/core';
import { appendJsonlMany } from '@reasonrl/run-io';
import { checkResumedRecords, gradeAll, openResumableJsonl } from '@reasonrl/tasks';
import type { BestOfNConfig } from './config.js';
import { type EvalSample, readEvalSamples } from './eval-reuse.js';
import { bestOfNCurves } from './pass-at-k.js';
import {
  meanLogProb,
  type PromptSamples,
  type StoredSample,
  storedSample,
  toScored,
} from './sample-record.js';
import { type BestOfNResult, formatBestOfNTable, writeBestOfNResults } from './write-results.js';

export const SAMPLES_FILE = 'bestofn-samples.jsonl';

/**
 * `reasonrl best-of-n`: draw `samples` responses per prompt (default: the largest N) with log-probs in one
 * generation pass, grade all of them, and report pass@N, Best@N and the unbiased pass@k for each N.
 * Writes bestofn-samples.jsonl (appended per batch: a killed run resumes), bestofn.json,
 * bestofn.svg / bestofn.png and report.html.
 */
export class BestOfNAlgorithm implements Algorithm {
  readonly name = 'best-of-n';
  constructor(private readonly options: BestOfNConfig) {}

  async run(context: AlgorithmContext): Promise<AlgorithmResult> {
    const { kernel, runDir, progress } = context;
    const o = this.options;
    const ns = [...new Set(o.n)].sort((a, b) => a - b);
    const samples = o.samples ?? ns[ns.length - 1];
    if (samples < ns[ns.length - 1]) {
      throw new ReasonrlError(
        'CONFIG_INVALID',
        `bestOfN.samples (${samples}) must be at least the largest N (${ns[ns.length - 1]})`,
      );
    }
    const task = await kernel.get('Task', kernel.config.use.task ?? 'jsonl');
    const problems = await task.load();
    const prompts = problems.map((p) => task.formatPrompt(p));
    const reuse = o.evalRun ? readEvalSamples(o.evalRun) : new Map<string, EvalSample>();
    for (const [k, p] of problems.entries()) {
      const e = reuse.get(p.id);
      if (e && e.prompt !== prompts[k]) {
        throw new ReasonrlError(
          'EVAL_RUN_INVALID',
          `bestOfN.evalRun: problem '${p.id}' was prompted differently there (another template?); refusing to mix samples`,
        );
      }
    }
    const grader = await kernel.get('Grader');
    const sampler = await kernel.get('Sampler');

    const file = join(runDir, SAMPLES_FILE);
    const done = new Map<string, PromptSamples>();
    for (const r of openResumableJsonl(file) as unknown as PromptSamples[]) done.set(r.id, r);
    if (done.size)
      progress.info(`resuming: ${done.size} of ${problems.length} prompts already in ${SAMPLES_FILE}`);
    checkResumedRecords(file, done, problems, prompts);
    const todo = problems.map((p, index) => ({ p, index })).filter(({ p }) => !done.has(p.id));
    // Prompts with a reused eval sample need one fewer; batches hold prompts needing the same count.
    const groups = [todo.filter(({ p }) => reuse.has(p.id)), todo.filter(({ p }) => !reuse.has(p.id))];
    const seed = o.seed ?? kernel.config.run.seed;
    const bar = progress.start('best-of-n', problems.length);
    let finished = problems.length - todo.length;
    bar.update(finished);
    try {
      for (const group of groups) {
        for (let start = 0; start < group.length; start += o.batchSize) {
          if (context.signal?.aborted)
            throw new ReasonrlError(
              'INTERRUPTED',
              `best-of-n interrupted; rerun with --resume ${runDir} to continue`,
            );
          const batch = group.slice(start, start + o.batchSize);
          const records = await this.sampleBatch(batch, prompts, reuse, samples, seed, sampler, grader);
          appendJsonlMany(file, records);
          for (const r of records) done.set(r.id, r);
          finished += batch.length;
          bar.update(finished);
        }
      }
    } finally {
      bar.stop();
    }

    const ordered = problems.map((p) => done.get(p.id) as PromptSamples);
    for (const r of ordered) {
      if (r.samples.length < samples) {
        throw new ReasonrlError(
          'RESUME_MISMATCH',
          `${file}: prompt '${r.id}' has ${r.samples.length} samples, this run needs ${samples} (use a new --out)`,
        );
      }
    }
    const points = bestOfNCurves(
      ordered.map((r) => toScored(r.samples.slice(0, samples))),
      ns,
    );
    const title = `Best-of-N on ${problems.length} problems (${sampler.name} sampler, T=${o.temperature})`;
    const result: BestOfNResult = {
      problems: problems.length,
      samplesPerPrompt: samples,
      reusedEvalSamples: ordered.filter((r) => r.samples[0]?.source === 'eval').length,
      n: ns,
      curves: points,
      settings: {
        temperature: o.temperature,
        topP: o.topP,
        maxTokens: o.maxTokens,
        stop: o.stop,
        seed,
        grader: grader.name,
        sampler: sampler.name,
      },
    };
    const artifacts = [SAMPLES_FILE, ...(await writeBestOfNResults(runDir, result, title, o.png))];
    for (const line of formatBestOfNTable(points)) progress.info(line);
    const metrics: Record<string, number> = {};
    for (const p of points) {
      metrics[`pass@${p.n}`] = p.passAtN;
      metrics[`best@${p.n}`] = p.bestAtN;
      metrics[`pass@${p.n}_unbiased`] = p.passAtKUnbiased;
    }
    await context.tracker.log(0, metrics);
    return { metrics, artifacts, devices: { sampler: sampler.name } };
  }

  private async sampleBatch(
    batch: { p: Problem; index: number }[],
    prompts: readonly string[],
    reuse: ReadonlyMap<string, EvalSample>,
    samples: number,
    seed: number,
    sampler: Sampler,
    grader: Grader,
  ): Promise<PromptSamples[]> {
    const reused = batch.map(({ p }) => reuse.get(p.id));
    const need = samples - (reused[0] ? 1 : 0);
    const o = this.options;
    let generated: Completion[][] = batch.map(() => []);
    if (need > 0) {
      const results = await sampler.generate(
        batch.map(({ index }) => prompts[index]),
        {
          n: need,
          temperature: o.temperature,
          topP: o.topP,
          maxTokens: o.maxTokens,
          minTokens: 0,
          stop: o.stop,
          includeStopStrInOutput: true,
          logprobs: true,
          seed: seed + batch[0].index,
        },
      );
      if (results.length !== batch.length || results.some((r) => r.outputs.length !== need)) {
        throw new ReasonrlError(
          'SAMPLER_OUTPUT_INVALID',
          `sampler '${sampler.name}' did not return ${need} outputs for each of ${batch.length} prompts`,
        );
      }
      generated = results.map((r) => r.outputs);
    }
    const all: { c: Completion; meanLp: number | null; source: StoredSample['source'] }[][] = batch.map(
      (_, k) => {
        const e = reused[k];
        const fromEval = e
          ? [
              {
                c: {
                  text: e.generation,
                  tokenIds: new Array<number>(e.tokenCount).fill(0),
                  finishReason: e.finishReason,
                },
                meanLp: e.meanLogProb,
                source: 'eval' as const,
              },
            ]
          : [];
        const fresh = generated[k].map((c) => {
          if (!c.logprobs)
            throw new ReasonrlError(
              'SAMPLER_OUTPUT_INVALID',
              `sampler '${sampler.name}' returned no log-probs; Best@N needs them`,
            );
          return { c, meanLp: meanLogProb(c.logprobs), source: 'sampled' as const };
        });
        return [...fromEval, ...fresh];
      },
    );
    const flat = all.flatMap((list, k) => list.map((x) => ({ ...x, truth: batch[k].p.groundTruth })));
    const grades = await gradeAll(
      grader,
      flat.map((x) => x.c.text),
      flat.map((x) => x.truth),
    );
    let g = 0;
    return batch.map(({ p, index }, k) => ({
      id: p.id,
      index,
      problem: p.question,
      prompt: prompts[index],
      reference: p.groundTruth,
      samples: all[k].map((x) => storedSample(x.c, grades[g++], x.meanLp, x.source)),
    }));
  }
}
