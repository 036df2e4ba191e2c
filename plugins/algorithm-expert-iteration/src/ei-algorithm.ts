import type { Algorithm, AlgorithmContext, AlgorithmResult, TrainStepResult } from '@reasonrl/core';
import {
  buildTokenBatch,
  flattenRollouts,
  formatSamples,
  gradeAll,
  openRolloutLoop,
  responseLengthMetrics,
  rewardMetrics,
  runOptimizerSteps,
  trainStepMetrics,
  validate,
} from '@reasonrl/training';
import type { ExpertIterationConfig } from './config.js';
import { keepCorrect } from './keep-correct.js';

/**
 * Expert Iteration (CS336 A5 §5): each step samples `eiBatchSize` questions, `G` rollouts each,
 * keeps the verified-correct ones, runs `sftEpochs` of SFT (the `sft` Loss) on them, syncs the
 * weights to the sampler and validates.
 */
export class ExpertIterationAlgorithm implements Algorithm {
  readonly name = 'ei';
  constructor(private readonly config: ExpertIterationConfig) {}

  async run(context: AlgorithmContext): Promise<AlgorithmResult> {
    const c = this.config;
    const { progress } = context;
    const loop = await openRolloutLoop(this.name, context, c, 'sft');
    const { seed, backend, sampler, grader, loss, train, val, promptOf, optimizer, rt } = loop;
    const plan = { trainBatchSize: c.trainBatchSize, gradientAccumulationSteps: c.gradientAccumulationSteps };
    const samplingParams = (s: number, n: number, temperature: number) =>
      loop.samplingParams({ seed: s, n, temperature, logprobs: false });
    const cursor = rt.cursor('train', train.length, seed);
    let optimizerStep = (rt.extra.optimizerStep as number | undefined) ?? 0;
    let last: Record<string, number> = {};
    const bar = progress.start('ei', c.nEiSteps);
    try {
      if (!rt.lastCheckpoint)
        await rt.timer.time('sync', async () => sampler.syncWeights(await backend.exportWeights()));
      while (rt.step < c.nEiSteps && !context.signal?.aborted) {
        const step = rt.step + 1;
        const questions = cursor.next(Math.min(c.eiBatchSize, train.length)).map((i) => train[i]);
        const prompts = questions.map(promptOf);
        const results = await rt.timer.time('generate', () =>
          sampler.generate(prompts, samplingParams(rt.rng.fork(), c.G, c.samplingTemperature)),
        );
        const flat = flattenRollouts(results, c.G);
        const rewards = await rt.timer.time('grade', () =>
          gradeAll(
            grader,
            flat.texts,
            flat.promptIndex.map((p) => questions[p].groundTruth),
          ),
        );
        const { kept, keptQuestions } = keepCorrect(rewards, c.G, c.minKeptPerQuestion);
        const stepMetrics: Record<string, number> = {
          ...rewardMetrics(rewards, c.G),
          ...responseLengthMetrics(flat.completions),
          'ei/kept': kept.length,
          'ei/kept_questions': keptQuestions,
          ei_step: step,
        };
        const trained: TrainStepResult[] = [];
        if (kept.length) {
          const tok = backend.tokenizer;
          const batch = buildTokenBatch(
            kept.map((i) => flat.promptIds[i]),
            kept.map((i) => flat.responseIds[i]),
            tok.padTokenId,
          );
          for (let epoch = 0; epoch < c.sftEpochs; epoch++) {
            const order = rt.rng.shuffle(kept.map((_, i) => i));
            trained.push(
              ...(await runOptimizerSteps(
                backend,
                batch,
                order,
                plan,
                loss,
                optimizer,
                { normalizeConstant: 1 },
                rt.timer,
              )),
            );
          }
        } else {
          progress.info(`ei step ${step}: no rollout was graded correct; nothing to train on this step`);
        }
        await rt.timer.time('sync', async () => sampler.syncWeights(await backend.exportWeights()));
        const isLast = step === c.nEiSteps;
        if (val.length && ((c.evalEvery > 0 && step % c.evalEvery === 0) || isLast)) {
          const v = await rt.timer.time('eval', () =>
            validate(
              sampler,
              grader,
              val.map(promptOf),
              val.map((p) => p.groundTruth),
              samplingParams(seed, 1, c.evalTemperature),
            ),
          );
          Object.assign(stepMetrics, v.metrics);
        }
        // One record per optimizer step; the last one of the EI step carries the rollout and validation metrics.
        for (let i = 0; i < trained.length - 1; i++) {
          optimizerStep += 1;
          last = await rt.logStep(
            optimizerStep,
            { ...trainStepMetrics(trained[i], c.learningRate), ei_step: step },
            false,
          );
        }
        if (trained.length) optimizerStep += 1;
        const lastTrain = trained.length ? trainStepMetrics(trained[trained.length - 1], c.learningRate) : {};
        last = await rt.logStep(optimizerStep, { ...lastTrain, ...stepMetrics });
        if (c.sampleLogEvery > 0 && step % c.sampleLogEvery === 0) {
          const rows = flat.texts.map((response, i) => ({
            prompt: prompts[flat.promptIndex[i]],
            response,
            reward: rewards[i].reward,
          }));
          await rt.tracker.logText?.(optimizerStep, 'rollouts', formatSamples(rows, c.sampleLogCount));
        }
        rt.step = step;
        rt.extra.optimizerStep = optimizerStep;
        if ((c.checkpointEvery > 0 && step % c.checkpointEvery === 0) || isLast) await rt.checkpoint();
        bar.update(step, { kept: kept.length });
      }
      if (context.signal?.aborted && rt.lastCheckpoint?.step !== rt.step) await rt.checkpoint();
    } finally {
      bar.stop();
      await rt.close();
    }
    const keep = ['val/reward/answer', 'val/reward/format', 'reward/total', 'ei/kept', 'loss'];
    return {
      metrics: Object.fromEntries(keep.filter((k) => k in last).map((k) => [k, last[k]])),
      artifacts: rt.lastCheckpoint ? [rt.lastCheckpoint.dir] : [],
      devices: { backend: backend.platform },
    };
  }
}
