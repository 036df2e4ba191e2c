import type {
  AlgorithmContext,
  Grader,
  Loss,
  OptimizerSettings,
  Problem,
  Sampler,
  SamplingParams,
} from '@reasonrl/core';
import { formatPrompt, loadPromptTemplate } from '@reasonrl/tasks';
import { type OptimizerConfigFields, optimizerSettingsOf } from './loop-config.js';
import { LoopRuntime } from './loop-runtime.js';
import { loadProblemSets } from './problem-sets.js';
import { stopStringsFor } from './stop-strings.js';
import { requireTrainable, type TrainableBackend } from './trainable-backend.js';

/** The config fields every loop that samples rollouts from the Task has (Expert Iteration, GRPO). */
export interface RolloutLoopConfig extends OptimizerConfigFields {
  promptTemplate: 'r1_zero' | 'question_only';
  grader?: string;
  valTask?: string;
  evalExamples: number;
  samplingMaxTokens: number;
  samplingMinTokens: number;
  alsoLogTo: string[];
  keepCheckpoints: number;
}

/** What a rollout loop works with: the services, the problems, and its runtime (checkpoints, RNG, timer). */
export interface RolloutLoop {
  seed: number;
  backend: TrainableBackend;
  sampler: Sampler;
  grader: Grader;
  loss: Loss;
  train: Problem[];
  val: Problem[];
  promptOf: (p: Problem) => string;
  optimizer: OptimizerSettings;
  rt: LoopRuntime;
  /**
   * Sampling parameters of this loop's rollouts and validation: its token limits, `</answer>` as stop string when
   * the grader is r1_zero (kept in the text), greedy or not by `temperature`.
   */
  samplingParams(options: {
    seed: number;
    n: number;
    temperature: number;
    logprobs: boolean;
  }): SamplingParams;
}

/**
 * Resolve what an Expert Iteration or GRPO run needs, the same way for both: the trainable Backend, the Sampler,
 * the Grader (by `grader`, else named like the prompt), the Loss `lossName`, the training and validation problems,
 * the prompt template, AdamW settings, and the LoopRuntime (opened, so a resumed run has its checkpoint loaded).
 */
export async function openRolloutLoop(
  algorithm: string,
  context: AlgorithmContext,
  c: RolloutLoopConfig,
  lossName: string,
): Promise<RolloutLoop> {
  const { kernel } = context;
  const seed = kernel.config.run.seed;
  const backend = requireTrainable(await kernel.get('Backend'), algorithm);
  const sampler = await kernel.get('Sampler');
  const graderName = c.grader ?? c.promptTemplate;
  const grader = await kernel.get('Grader', graderName);
  const loss = await kernel.get('Loss', lossName);
  const { train, val } = await loadProblemSets(kernel, {
    valTask: c.valTask,
    evalExamples: c.evalExamples,
    seed,
    algorithm,
  });
  const template = loadPromptTemplate(c.promptTemplate);
  const rt = await LoopRuntime.open({
    algorithm,
    context,
    backend,
    sampler,
    seed,
    alsoLogTo: c.alsoLogTo,
    keepCheckpoints: c.keepCheckpoints,
  });
  const stop = stopStringsFor(graderName);
  return {
    seed,
    backend,
    sampler,
    grader,
    loss,
    train,
    val,
    promptOf: (p) => formatPrompt(template, p.question),
    optimizer: optimizerSettingsOf(c),
    rt,
    samplingParams: ({ seed: s, n, temperature, logprobs }) => ({
      n,
      temperature,
      topP: 1,
      maxTokens: c.samplingMaxTokens,
      minTokens: c.samplingMinTokens,
      stop,
      includeStopStrInOutput: true,
      seed: s,
      logprobs,
    }),
  };
}
