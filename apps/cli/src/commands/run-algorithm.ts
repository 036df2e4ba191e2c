import { resolve } from 'node:path';
import { ReasonrlError } from '@reasonrl/core';
import {
  defaultRunDir,
  openRunDir,
  type RunInfo,
  readRunConfig,
  writeRunConfig,
  writeRunInfo,
} from '@reasonrl/run-io';
import type { Command } from 'commander';
import { loadKernel } from '../host.js';
import type { CliContext } from './context.js';
import { type ConfigFlags, withConfigOptions } from './shared-options.js';

export interface RunAlgorithmOptions extends ConfigFlags {
  resume?: string;
  out?: string;
  /** Config paths set from command-specific flags (e.g. `eval.model`). */
  flags?: Record<string, unknown>;
  /** Config applied before the file (presets). */
  base?: Record<string, unknown>;
}

/**
 * Run one Algorithm through the kernel: validate everything first (so a bad config writes nothing),
 * then create the run directory, record config and versions, run, and record the outcome.
 */
export async function runAlgorithm(
  command: string,
  algorithm: string | undefined,
  opts: RunAlgorithmOptions,
  ctx: CliContext,
) {
  let base = opts.base ?? {};
  let runDir = opts.out ? resolve(opts.out) : undefined;
  if (opts.resume) {
    runDir = resolve(opts.resume);
    base = readRunConfig(runDir);
  }
  const flags: Record<string, unknown> = { ...opts.flags };
  if (algorithm) flags['use.algorithm'] = algorithm;
  if (runDir) flags['run.dir'] = runDir;
  const kernel = await loadKernel({ base, config: opts.config, set: opts.set, flags });
  const name = kernel.config.use.algorithm;
  if (!name)
    throw new ReasonrlError(
      'SERVICE_NOT_SELECTED',
      `no algorithm selected: set use.algorithm (installed: ${
        kernel
          .list('Algorithm')
          .map((a) => a.name)
          .join(', ') || 'none'
      })`,
    );
  const algo = await kernel.get('Algorithm', name);
  const dir = openRunDir(kernel.config.run.dir ?? defaultRunDir('runs', command));
  kernel.config.run.dir = dir;
  writeRunConfig(dir, kernel.config);
  const info: RunInfo = {
    command,
    startedAt: new Date().toISOString(),
    status: 'running',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    plugins: kernel.plugins.map((p) => ({ name: p.plugin.name, package: p.packageName, version: p.version })),
  };
  writeRunInfo(dir, info);
  ctx.progress.info(`run directory: ${dir}`);
  const controller = new AbortController();
  const onSigint = () => {
    ctx.err('interrupt: stopping after the current step (press Ctrl-C again to kill)');
    controller.abort();
    process.off('SIGINT', onSigint);
  };
  process.on('SIGINT', onSigint);
  try {
    const tracker = await kernel.get('Tracker');
    const result = await algo.run({
      kernel,
      runDir: dir,
      tracker,
      progress: ctx.progress,
      resume: Boolean(opts.resume),
      signal: controller.signal,
    });
    await tracker.close?.();
    writeRunInfo(dir, {
      ...info,
      status: 'finished',
      finishedAt: new Date().toISOString(),
      metrics: result.metrics,
      devices: result.devices,
    });
    const entries = Object.entries(result.metrics);
    if (entries.length) {
      ctx.out(`\n${command} finished: ${dir}`);
      const w = Math.max(...entries.map(([k]) => k.length));
      for (const [k, v] of entries) ctx.out(`  ${k.padEnd(w)}  ${Number.isInteger(v) ? v : v.toFixed(4)}`);
    }
    return { runDir: dir, result };
  } catch (e) {
    writeRunInfo(dir, {
      ...info,
      status: 'failed',
      finishedAt: new Date().toISOString(),
      error: (e as Error).message,
    });
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    await kernel.dispose();
  }
}

/** A command-line flag that sets one config path (so every flag is also settable in a config file). */
interface FlagOption {
  flags: string;
  description: string;
  /** The option's camelCase name as commander reports it. */
  key: string;
  path: string;
  parse?: (value: string) => unknown;
}

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ReasonrlError('BAD_FLAG', `expected an integer, got '${v}'`);
  return n;
};

/** Commands that each run the algorithm of the same name (`reasonrl grpo` runs Algorithm `grpo`). */
const ALGORITHM_COMMANDS: {
  command: string;
  algorithm: string;
  description: string;
  options?: FlagOption[];
}[] = [
  {
    command: 'sft',
    algorithm: 'sft',
    description: 'supervised fine-tuning on reasoning traces',
    options: [
      {
        flags: '--limit-examples <n>',
        key: 'limitExamples',
        path: 'sft.limitExamples',
        parse: int,
        description: 'use the first N examples (dataset-size sweep)',
      },
      {
        flags: '--filter-correct',
        key: 'filterCorrect',
        path: 'sft.filterCorrect',
        description: 'keep only traces the grader accepts',
      },
    ],
  },
  {
    command: 'ei',
    algorithm: 'ei',
    description: 'Expert Iteration: sample, keep verified-correct rollouts, SFT, repeat',
  },
  { command: 'grpo', algorithm: 'grpo', description: 'GRPO and its variants (lossType), on- or off-policy' },
];

export function registerAlgorithmCommands(program: Command, ctx: CliContext): void {
  for (const { command, algorithm, description, options = [] } of ALGORITHM_COMMANDS) {
    const cmd = withConfigOptions(program.command(command))
      .description(`${description} (runs Algorithm '${algorithm}')`)
      .option('-o, --out <dir>', 'run directory (default runs/<command>-<time>)')
      .option('--resume <runDir>', 'continue the run in this directory from its last checkpoint')
      .option(
        '-m, --model <dirOrName>',
        'checkpoint folder or installed model name, e.g. tiny-math (sets tfjs.modelDir and onnxSampler.model: trainer and sampler start from the same weights)',
      );
    for (const o of options) cmd.option(o.flags, `${o.description} (config: ${o.path})`);
    cmd.action(async (opts: RunAlgorithmOptions & Record<string, unknown>) => {
      const flags: Record<string, unknown> = {};
      if (typeof opts.model === 'string') {
        flags['tfjs.modelDir'] = opts.model;
        flags['onnxSampler.model'] = opts.model;
      }
      for (const o of options) {
        const v = opts[o.key];
        if (v !== undefined) flags[o.path] = o.parse && typeof v === 'string' ? o.parse(v) : v;
      }
      await runAlgorithm(command, algorithm, { ...opts, flags }, ctx);
    });
  }
  withConfigOptions(program.command('run'))
    .description('run the algorithm the config selects (use.algorithm), e.g. one from a third-party plugin')
    .option('-o, --out <dir>', 'run directory (default runs/run-<time>)')
    .option('--resume <runDir>', 'continue the run in this directory')
    .action(async (opts: RunAlgorithmOptions) => {
      await runAlgorithm('run', undefined, opts, ctx);
    });
}
