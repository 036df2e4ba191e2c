import { join } from 'node:path';
import {
  type Algorithm,
  type AlgorithmContext,
  type AlgorithmResult,
  ReasonrlError,
  type SamplingParams,
} from '@reasonrl/core';
import { appendJsonlMany, writeJsonAtomic } from '@reasonrl/run-io';
import { checkResumedRecords, gradeAll, openResumableJsonl } from '@reasonrl/tasks';
import type { EvalConfig } from './config.js';
import { buildEvalRecord, type EvalRecord } from './eval-record.js';
import { formatEvalTable, summarizeEval } from './eval-summary.js';

export const RESULTS_FILE = 'results.jsonl';
export const SUMMARY_FILE = 'summary.json';

/**
 * `reasonrl eval`: load the Task, format prompts, generate one response per problem with the Sampler,
 * grade with the Grader, and write `results.jsonl` (one EvalRecord per problem, appended per batch)
 * and `summary.json`. Problems already in results.jsonl are skipped, so a killed run resumes.
 */
export class EvalAlgorithm implements Algorithm {
  readonly name = 'eval';
  constructor(private readonly options: EvalConfig) {}

  async run(context: AlgorithmContext): Promise<AlgorithmResult> {
    const { kernel, runDir, progress } = context;
    const o = this.options;
    const task = await kernel.get('Task', kernel.config.use.task ?? 'jsonl');
    // Load and check the whole data set (up to the limit) before the model is even created.
    const problems = await task.load();
    const prompts = problems.map((p) => task.formatPrompt(p));
    const grader = await kernel.get('Grader');
    const sampler = await kernel.get('Sampler');

    const resultsFile = join(runDir, RESULTS_FILE);
    const done = new Map<string, EvalRecord>();
    for (const r of openResumableJsonl(resultsFile) as unknown as EvalRecord[]) done.set(r.id, r);
    checkResumedRecords(resultsFile, done, problems, prompts);
    const todo = problems.map((p, index) => ({ p, index })).filter(({ p }) => !done.has(p.id));
    if (done.size)
      progress.info(`resuming: ${done.size} of ${problems.length} problems already in ${RESULTS_FILE}`);

    const seed = o.seed ?? kernel.config.run.seed;
    const bar = progress.start('eval', problems.length);
    bar.update(problems.length - todo.length);
    try {
      for (let start = 0; start < todo.length; start += o.batchSize) {
        if (context.signal?.aborted)
          throw new ReasonrlError(
            'INTERRUPTED',
            `eval interrupted; rerun with --resume ${runDir} to continue`,
          );
        const batch = todo.slice(start, start + o.batchSize);
        const params: SamplingParams = {
          n: 1,
          temperature: o.temperature,
          topP: o.topP,
          maxTokens: o.maxTokens,
          minTokens: 0,
          stop: o.stop,
          includeStopStrInOutput: true,
          logprobs: true,
          seed: seed + batch[0].index,
        };
        const t0 = performance.now();
        const generations = await sampler.generate(
          batch.map(({ index }) => prompts[index]),
          params,
        );
        const ms = (performance.now() - t0) / batch.length;
        if (generations.length !== batch.length) {
          throw new ReasonrlError(
            'SAMPLER_OUTPUT_INVALID',
            `sampler '${sampler.name}' returned ${generations.length} results for ${batch.length} prompts`,
          );
        }
        const completions = generations.map((g) => g.outputs[0]);
        const grades = await gradeAll(
          grader,
          completions.map((c) => c.text),
          batch.map(({ p }) => p.groundTruth),
        );
        const records = batch.map(({ p, index }, k) =>
          buildEvalRecord(p, index, prompts[index], completions[k], grades[k], ms),
        );
        appendJsonlMany(resultsFile, records);
        for (const r of records) done.set(r.id, r);
        bar.update(problems.length - todo.length + start + batch.length, {
          acc: mean(records.map((r) => r.answerReward)),
        });
      }
    } finally {
      bar.stop();
    }

    const ordered = problems.map((p) => done.get(p.id) as EvalRecord);
    const skipped =
      typeof (task as { skipped?: unknown }).skipped === 'number'
        ? (task as unknown as { skipped: number }).skipped
        : 0;
    const summary = summarizeEval(ordered, o.examplesPerCategory, skipped);
    writeJsonAtomic(join(runDir, SUMMARY_FILE), summary);
    for (const line of formatEvalTable(summary)) progress.info(line);
    const metrics = {
      accuracy: summary.accuracy,
      format_rate: summary.formatRate,
      'count/format1_answer1': summary.counts.format1Answer1,
      'count/format1_answer0': summary.counts.format1Answer0,
      'count/format0_answer0': summary.counts.format0Answer0,
      mean_response_tokens: summary.meanResponseTokens,
      tokens_per_second: summary.throughput.tokensPerSecond,
    };
    await context.tracker.log(0, metrics);
    return { metrics, artifacts: [RESULTS_FILE, SUMMARY_FILE], devices: { sampler: sampler.name } };
  }
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
