import type { Algorithm, AlgorithmContext, AlgorithmResult, Problem } from '@reasonrl/core';
import { formatPrompt, loadPromptTemplate } from '@reasonrl/tasks';
import {
  buildTokenBatch,
  LoopRuntime,
  loadProblemSets,
  optimizerSettingsOf,
  requireTrainable,
  runOptimizerSteps,
  stopStringsFor,
  TrainingError,
  trainStepMetrics,
  validate,
} from '@reasonrl/training';
import type { SftConfig } from './config.js';
import {
  examplesFromProblems,
  filterCorrect,
  limitExamples,
  readSftJsonl,
  type SftExample,
} from './sft-data.js';

/**
 * SFT (CS336 A5 §4): minimize the response tokens' negative log-likelihood with the `sft` Loss,
 * `trainBatchSize` examples per optimizer step in `gradientAccumulationSteps` microbatches, with
 * periodic validation accuracy from the sampler and grader. Examples come from `dataPath` or the Task.
 */
export class SftAlgorithm implements Algorithm {
  readonly name = 'sft';
  constructor(private readonly config: SftConfig) {}

  async run(context: AlgorithmContext): Promise<AlgorithmResult> {
    const c = this.config;
    const { kernel, progress } = context;
    const seed = kernel.config.run.seed;
    const backend = requireTrainable(await kernel.get('Backend'), this.name);
    const loss = await kernel.get('Loss', 'sft');
    const grader = await kernel.get('Grader', c.grader ?? c.promptTemplate);
    const template = loadPromptTemplate(c.promptTemplate);
    const promptOf = (p: Problem) => formatPrompt(template, p.question);

    // Data: validation problems come from the task (held out or valTask); training examples from dataPath or the task.
    let val: Problem[] = [];
    let examples: SftExample[];
    if (c.dataPath) {
      examples = readSftJsonl(c.dataPath);
      if (c.evalExamples > 0 && (c.valTask || kernel.config.use.task)) {
        val = (
          await loadProblemSets(kernel, {
            valTask: c.valTask,
            evalExamples: c.evalExamples,
            seed,
            algorithm: this.name,
          })
        ).val;
      }
    } else {
      const sets = await loadProblemSets(kernel, {
        valTask: c.valTask,
        evalExamples: c.evalExamples,
        seed,
        algorithm: this.name,
      });
      examples = examplesFromProblems(sets.train, promptOf, kernel.config.use.task ?? '?');
      val = sets.val;
    }
    const before = examples.length;
    if (c.filterCorrect) examples = await filterCorrect(examples, grader);
    examples = limitExamples(examples, c.limitExamples);
    if (examples.length === 0) {
      throw new TrainingError(
        'SFT_DATA_EMPTY',
        `sft: no training examples left (${before} read${c.filterCorrect ? ', 0 graded correct' : ''})`,
      );
    }
    progress.info(
      `sft: ${examples.length} training examples (${before} read${c.filterCorrect ? `, filterCorrect kept ${examples.length}` : ''})`,
    );
    const tok = backend.tokenizer;
    const batch = buildTokenBatch(
      examples.map((e) => tok.encode(e.prompt)),
      examples.map((e) => tok.encode(e.response)),
      tok.padTokenId,
    );

    const sampler = val.length ? await kernel.get('Sampler') : undefined;
    const optimizer = optimizerSettingsOf(c);
    const totalSteps =
      c.maxSteps > 0 ? c.maxSteps : Math.ceil((c.epochs * examples.length) / c.trainBatchSize);
    const rt = await LoopRuntime.open({
      algorithm: this.name,
      context,
      backend,
      sampler,
      seed,
      alsoLogTo: c.alsoLogTo,
      keepCheckpoints: c.keepCheckpoints,
    });
    const cursor = rt.cursor('train', examples.length, seed);
    const plan = { trainBatchSize: c.trainBatchSize, gradientAccumulationSteps: c.gradientAccumulationSteps };
    let last: Record<string, number> = {};
    const bar = progress.start('sft', totalSteps);
    try {
      while (rt.step < totalSteps && !context.signal?.aborted) {
        const step = rt.step + 1;
        const rows = cursor.next(Math.min(c.trainBatchSize, examples.length));
        const [result] = await runOptimizerSteps(
          backend,
          batch,
          rows,
          plan,
          loss,
          optimizer,
          { normalizeConstant: 1 },
          rt.timer,
        );
        const metrics: Record<string, number> = {
          ...trainStepMetrics(result, c.learningRate),
          epoch: cursor.epoch,
          'sft/examples': examples.length,
        };
        const isLast = step === totalSteps;
        if (sampler && ((c.evalEvery > 0 && step % c.evalEvery === 0) || isLast)) {
          await rt.timer.time('sync', async () => sampler.syncWeights(await backend.exportWeights()));
          const params = {
            n: 1,
            temperature: c.evalTemperature,
            topP: 1,
            maxTokens: c.evalMaxTokens,
            minTokens: 0,
            stop: stopStringsFor(c.grader ?? c.promptTemplate),
            includeStopStrInOutput: true,
            seed,
            logprobs: false,
          };
          const v = await rt.timer.time('eval', () =>
            validate(
              sampler,
              grader,
              val.map(promptOf),
              val.map((p) => p.groundTruth),
              params,
            ),
          );
          Object.assign(metrics, v.metrics);
          if (c.sampleLogEvery > 0) {
            await rt.tracker.logText?.(
              step,
              'validation',
              v.rows
                .slice(0, c.sampleLogCount)
                .map((r) => `reward ${r.reward}: ${r.response}`)
                .join('\n\n'),
            );
          }
        }
        last = await rt.logStep(step, metrics);
        rt.step = step;
        if ((c.checkpointEvery > 0 && step % c.checkpointEvery === 0) || isLast) await rt.checkpoint();
        bar.update(step, { loss: result.loss });
      }
      if (context.signal?.aborted && rt.lastCheckpoint?.step !== rt.step) await rt.checkpoint();
    } finally {
      bar.stop();
      await rt.close();
    }
    const keep = ['val/reward/answer', 'val/reward/format', 'loss', 'sft/examples'];
    return {
      metrics: Object.fromEntries(keep.filter((k) => k in last).map((k) => [k, last[k]])),
      artifacts: rt.lastCheckpoint ? [rt.lastCheckpoint.dir] : [],
      devices: { backend: backend.platform },
    };
  }
}
