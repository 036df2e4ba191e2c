import { join, resolve } from 'node:path';
import { BASE_MODEL_DIR, PRESETS, presetPath, RANDOM_BASE_MODEL } from '@reasonrl/algorithm-pipeline';
import { loadConfigFile, resolveModelDir } from '@reasonrl/core';
import { defaultRunDir } from '@reasonrl/run-io';
import type { Command } from 'commander';
import { CLI_DIR, deepMerge, rawConfig } from '../host.js';
import type { CliContext } from './context.js';
import { type RunAlgorithmOptions, runAlgorithm } from './run-algorithm.js';
import { withConfigOptions } from './shared-options.js';

export interface PipelineOptions extends RunAlgorithmOptions {
  preset?: string;
  model?: string;
}

/**
 * `reasonrl pipeline [--preset tiny] [--config FILE] [--set k=v] [--out DIR] [--resume DIR]`: the preset is
 * the base config (below the file and --set). The base model folder (`pipeline.baseModel`, default
 * `<run>/base-model`, made there at first use) is what the tfjs backend and the onnx sampler load,
 * unless the config names their model folders itself.
 */
export async function runPipelineCommand(opts: PipelineOptions, ctx: CliContext) {
  if (opts.resume) return runAlgorithm('pipeline', 'pipeline', opts, ctx);
  const preset = opts.preset ? loadConfigFile(presetPath(opts.preset)) : {};
  const runDir = resolve(opts.out ?? defaultRunDir('runs', 'pipeline'));
  const flags = opts.model ? { 'pipeline.baseModel': opts.model } : {};
  const merged = rawConfig({ base: preset, config: opts.config, set: opts.set, flags });
  const section = merged.pipeline as { baseModel?: unknown } | undefined;
  const baseModel =
    typeof section?.baseModel === 'string' && section.baseModel !== RANDOM_BASE_MODEL
      ? resolve(resolveModelDir(section.baseModel, [CLI_DIR, process.cwd()]))
      : join(runDir, BASE_MODEL_DIR);
  const base = deepMerge(preset, { tfjs: { modelDir: baseModel }, onnxSampler: { model: baseModel } });
  return runAlgorithm('pipeline', 'pipeline', { ...opts, out: runDir, base, flags }, ctx);
}

export function registerPipelineCommand(program: Command, ctx: CliContext): void {
  withConfigOptions(program.command('pipeline'))
    .description(
      "zero-shot eval, SFT, EI, GRPO and a final eval, with a stage table and report.md (runs Algorithm 'pipeline')",
    )
    .option(
      '--preset <name>',
      `base config shipped with the pipeline (${PRESETS.join(', ')}); pnpm start runs tiny`,
    )
    .option(
      '-m, --model <dirOrName>',
      `base model: a checkpoint folder, an installed model name (the tiny preset uses tiny-math), or '${RANDOM_BASE_MODEL}' (pipeline.baseModel)`,
    )
    .option('-o, --out <dir>', 'run directory (default runs/pipeline-<time>)')
    .option('--resume <runDir>', 'continue that run: finished stages are skipped, weights restored')
    .action(async (opts: PipelineOptions) => {
      await runPipelineCommand(opts, ctx);
    });
}
