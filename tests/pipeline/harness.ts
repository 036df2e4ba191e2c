import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ei from '@reasonrl/algorithm-expert-iteration';
import grpo from '@reasonrl/algorithm-grpo';
import pipeline, { presetPath, RANDOM_BASE_MODEL } from '@reasonrl/algorithm-pipeline';
import sft from '@reasonrl/algorithm-sft';
import backendTfjs from '@reasonrl/backend-tfjs';
import {
  applyOverrides,
  createKernel,
  loadConfigFile,
  type Plugin,
  type Progress,
  resolveModelDir,
  silentProgress,
} from '@reasonrl/core';
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

const HERE = dirname(fileURLToPath(import.meta.url));
export const SHORT_PRESET = join(HERE, 'configs', 'short.yaml');
/** The tests package (its dependencies are where model names resolve, as the CLI's are for the CLI). */
const TESTS_DIR = dirname(HERE);
export const newRunDir = () => mkdtempSync(join(tmpdir(), 'pipeline-'));

export const PLUGINS = [
  pipeline,
  sft,
  ei,
  grpo,
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
  backendTfjs,
] as Plugin[];

/** Lines the pipeline prints through `progress.info`. */
export function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentProgress, info: (m: string) => void lines.push(m), lines };
}

/**
 * Run the pipeline as `reasonrl pipeline --preset tiny --config FILE --set ...` does: the tiny preset below the
 * file; the base model (`pipeline.baseModel`: an installed model name such as tiny-math, a folder, or 'random' for
 * one made in `<runDir>/base-model`) loaded by backend and sampler alike.
 */
export async function runPipeline(options: {
  runDir: string;
  config?: string;
  set?: string[];
  resume?: boolean;
  progress?: Progress;
}) {
  const base = loadConfigFile(presetPath('tiny'));
  const file = options.config ? loadConfigFile(options.config) : {};
  const merged = applyOverrides(deepMerge(base, file), options.set ?? []);
  const setting = (merged.pipeline as { baseModel?: unknown } | undefined)?.baseModel;
  const baseModel =
    typeof setting === 'string' && setting !== RANDOM_BASE_MODEL
      ? resolveModelDir(setting, [TESTS_DIR])
      : join(options.runDir, 'base-model');
  const raw = applyOverrides(merged, [
    `run.dir=${options.runDir}`,
    `tfjs.modelDir=${baseModel}`,
    `onnxSampler.model=${baseModel}`,
    // As the CLI does: the algorithm sees the folder a model name stands for.
    ...(typeof setting === 'string' && setting !== RANDOM_BASE_MODEL
      ? [`pipeline.baseModel=${baseModel}`]
      : []),
  ]);
  const kernel = await createKernel(raw, { plugins: PLUGINS, source: options.config });
  try {
    const tracker = await kernel.get('Tracker');
    const algorithm = await kernel.get('Algorithm', 'pipeline');
    const result = await algorithm.run({
      kernel,
      runDir: options.runDir,
      tracker,
      progress: options.progress ?? silentProgress,
      resume: options.resume,
    });
    await tracker.close?.();
    return result;
  } finally {
    await kernel.dispose();
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? deepMerge(out[k], v) : v;
  return out;
}
