import type { Algorithm, AlgorithmContext, AlgorithmResult, LossOptions } from '@reasonrl/core';
import {
  formatSamples,
  openRolloutLoop,
  runOptimizerSteps,
  trainStepMetrics,
  validate,
} from '@reasonrl/training';
import { type GrpoConfig, grpoDerived } from './config.js';
import { collectRollouts } from './grpo-rollouts.js';

/**
 * GRPO (CS336 A5 §7): for each step, sample groups of rollouts, compute group-normalized advantages,
 * optionally old log-probs, take `epochsPerRolloutBatch` x (rolloutBatchSize / trainBatchSize)
 * optimizer steps with the configured Loss, sync the weights to the sampler, validate, checkpoint.
 * Every service comes from the kernel, so the loss, sampler and backend are config choices.
 */
export class GrpoAlgorithm implements Algorithm {
  readonly name = 'grpo';
  constructor(private readonly config: GrpoConfig) {}

  async run(context: AlgorithmContext): Promise<AlgorithmResult> {
    const c = this.config;
    const d = grpoDerived(c);
    const loop = await openRolloutLoop(this.name, context, c, c.lossType);
    const { seed, backend, sampler, grader, loss, train, val, promptOf, optimizer, rt } = loop;
    const lossOptions: LossOptions = {
      lengthNormalization: c.lengthNormalization,
      normalizeConstant: c.normalizeConstant ?? c.samplingMaxTokens,
      cliprange: c.cliprange,
    };
    const cursor = rt.cursor('train', train.length, seed);
    const needsOldLogProbs = loss.requires.includes('oldLogProbs');
    let optimizerStep = (rt.extra.optimizerStep as number | undefined) ?? 0;
    let final: Record<string, number> = {};
    const bar = context.progress.start('grpo', c.nGrpoSteps);
    try {
      if (!rt.lastCheckpoint)
        await rt.timer.time('sync', async () => sampler.syncWeights(await backend.exportWeights()));
      const evalParams = loop.samplingParams({ seed, n: 1, temperature: c.evalTemperature, logprobs: true });
      const runValidation = () =>
        rt.timer.time('eval', () =>
          validate(
            sampler,
            grader,
            val.map(promptOf),
            val.map((p) => p.groundTruth),
            evalParams,
          ),
        );
      if (c.evalAtStart && rt.step === 0 && val.length) await rt.logStep(0, (await runValidation()).metrics);
      while (rt.step < c.nGrpoSteps && !context.signal?.aborted) {
        const step = rt.step + 1;
        const questions = cursor.next(d.nPromptsPerRolloutBatch).map((i) => train[i]);
        const rollouts = await collectRollouts(
          rt,
          { sampler, grader, backend, needsOldLogProbs, samplingParams: loop.samplingParams },
          questions,
          questions.map(promptOf),
          c,
          d,
        );
        const order = rollouts.batch.inputIds.map((_, i) => i);
        const results = [];
        for (let epoch = 0; epoch < c.epochsPerRolloutBatch; epoch++) {
          const plan = {
            trainBatchSize: c.trainBatchSize,
            gradientAccumulationSteps: c.gradientAccumulationSteps,
          };
          results.push(
            ...(await runOptimizerSteps(
              backend,
              rollouts.batch,
              order,
              plan,
              loss,
              optimizer,
              lossOptions,
              rt.timer,
              // scored just now, at these weights: current for the first optimizer step of the first epoch
              { oldLogProbsCurrent: epoch === 0 },
            )),
          );
        }
        await rt.timer.time('sync', async () => sampler.syncWeights(await backend.exportWeights()));
        let valMetrics: Record<string, number> = {};
        const isLast = step === c.nGrpoSteps;
        if (val.length && ((c.evalEvery > 0 && step % c.evalEvery === 0) || isLast)) {
          valMetrics = (await runValidation()).metrics;
        }
        // One record per optimizer step; the last one of the batch also carries the rollout, timing and validation metrics.
        for (let i = 0; i < results.length; i++) {
          optimizerStep += 1;
          const lastOfBatch = i === results.length - 1;
          const extra = lastOfBatch
            ? { ...rollouts.metrics, ...valMetrics, grpo_step: step }
            : { grpo_step: step };
          final = await rt.logStep(
            optimizerStep,
            { ...trainStepMetrics(results[i], c.learningRate), ...extra },
            lastOfBatch,
          );
        }
        if (c.sampleLogEvery > 0 && step % c.sampleLogEvery === 0) {
          await rt.tracker.logText?.(
            optimizerStep,
            'rollouts',
            formatSamples(rollouts.samples, c.sampleLogCount),
          );
        }
        rt.step = step;
        rt.extra.optimizerStep = optimizerStep;
        if ((c.checkpointEvery > 0 && step % c.checkpointEvery === 0) || isLast) await rt.checkpoint();
        bar.update(step, { reward: rollouts.metrics['reward/total'] });
      }
      if (context.signal?.aborted && rt.lastCheckpoint?.step !== rt.step) await rt.checkpoint();
    } finally {
      bar.stop();
      await rt.close();
    }
    return {
      metrics: pickResultMetrics(final),
      artifacts: rt.lastCheckpoint ? [rt.lastCheckpoint.dir] : [],
      devices: { backend: backend.platform },
    };
  }
}

/** The numbers worth printing at the end: last validation, reward and loss. */
function pickResultMetrics(last: Record<string, number>): Record<string, number> {
  const keep = ['val/reward/answer', 'val/reward/format', 'reward/total', 'loss', 'grad_norm'];
  return Object.fromEntries(keep.filter((k) => k in last).map((k) => [k, last[k]]));
}
