import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ei from '@reasonrl/algorithm-expert-iteration';
import grpo from '@reasonrl/algorithm-grpo';
import sft from '@reasonrl/algorithm-sft';
import backendTfjs from '@reasonrl/backend-tfjs';
import { applyOverrides, createKernel, loadConfigFile, type Plugin, silentProgress } from '@reasonrl/core';
import questionOnly from '@reasonrl/grader-question-only';
import r1Zero from '@reasonrl/grader-r1-zero';
import lossGrpoClip from '@reasonrl/loss-grpo-clip';
import lossGrpoNoClip from '@reasonrl/loss-grpo-no-clip';
import lossNoBaseline from '@reasonrl/loss-no-baseline';
import lossReinforce from '@reasonrl/loss-reinforce-with-baseline';
import lossSft from '@reasonrl/loss-sft';
import samplerOnnx from '@reasonrl/sampler-onnx';
import taskSynthetic from '@reasonrl/task-synthetic';
import trackerJsonl from '@reasonrl/tracker-jsonl';
import trackerTensorboard from '@reasonrl/tracker-tensorboard';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TINY_MODEL = resolve(HERE, '..', '..', '..', 'shared', 'conformance', 'hf-tiny', 'qwen2-tiny');
export const configPath = (name: string) => join(HERE, 'configs', name);
export const newRunDir = () => mkdtempSync(join(tmpdir(), 'algo-'));

/**
 * Run an algorithm as the CLI's `reasonrl <algo> --config FILE --set ...` does (config file, overrides,
 * kernel, tracker, run), with the real plugins handed to the kernel inline including the tfjs backend.
 */
export async function runConfig(
  file: string,
  options: {
    runDir: string;
    set?: string[];
    resume?: boolean;
    extraPlugins?: Plugin[];
    signal?: AbortSignal;
  },
) {
  const raw = applyOverrides(loadConfigFile(file), [
    `run.dir=${options.runDir}`,
    `onnxSampler.model=${TINY_MODEL}`,
    `tfjs.modelDir=${TINY_MODEL}`,
    ...(options.set ?? []),
  ]);
  const plugins = [
    grpo,
    sft,
    ei,
    r1Zero,
    questionOnly,
    lossSft,
    lossGrpoClip,
    lossGrpoNoClip,
    lossNoBaseline,
    lossReinforce,
    samplerOnnx,
    taskSynthetic,
    trackerJsonl,
    trackerTensorboard,
    backendTfjs,
    ...(options.extraPlugins ?? []),
  ] as Plugin[];
  const kernel = await createKernel(raw, { plugins, source: file });
  try {
    const tracker = await kernel.get('Tracker');
    const algorithm = await kernel.get('Algorithm');
    const result = await algorithm.run({
      kernel,
      runDir: options.runDir,
      tracker,
      progress: silentProgress,
      resume: options.resume,
      signal: options.signal,
    });
    await tracker.close?.();
    return { result, kernel };
  } finally {
    await kernel.dispose();
  }
}

/** The metrics.jsonl records of a run directory. */
export function readMetrics(runDir: string): Record<string, number | null>[] {
  return readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
