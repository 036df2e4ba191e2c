import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './context.js';
import { type RunAlgorithmOptions, runAlgorithm } from './run-algorithm.js';
import { withConfigOptions } from './shared-options.js';

/** The config field holding the checkpoint directory, by sampler (each sampler plugin owns its section). */
export const MODEL_CONFIG_PATH: Readonly<Record<string, string>> = {
  onnx: 'onnxSampler.model',
  tfjs: 'tfjs.modelDir',
};

/** Options shared by `eval` and `best-of-n` (each maps to one config path, see `dataFlags`). */
export interface DataOptions extends RunAlgorithmOptions {
  model?: string;
  sampler?: string;
  task?: string;
  dataset?: string;
  format?: string;
  field?: string;
  limit?: number;
  prompt?: string;
  grader?: string;
  skipBad?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  batchSize?: number;
}

export function parseInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

export function parseNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

/** Add the model / data / sampling flags and the run-directory flags to a command. */
export function withDataOptions(cmd: Command): Command {
  return withConfigOptions(cmd)
    .option(
      '-m, --model <dirOrName>',
      `checkpoint folder or installed model name, e.g. tiny-math (sets ${Object.values(MODEL_CONFIG_PATH).join(' or ')} for the chosen sampler)`,
    )
    .option('--sampler <name>', 'Sampler plugin (use.sampler; default onnx)')
    .option('-d, --dataset <file>', 'JSONL data set (task.dataset)')
    .option(
      '--format <format>',
      'data layout: auto, gsm8k, math, countdown, fields (task.format; default: detected from the fields)',
    )
    .option('--field <spec>', 'for any JSONL: question=<field>,answer=<field> (task.fields)')
    .option('--task <name>', 'Task plugin (use.task; default jsonl, e.g. synthetic)')
    .option('--limit <n>', 'only the first N problems (task.limit)', parseInteger)
    .option(
      '-p, --prompt <name|file>',
      'prompt template: r1_zero, question_only or a file with {question} (task.prompt)',
    )
    .option('-g, --grader <name>', 'Grader plugin (use.grader; default r1_zero)')
    .option('--skip-bad', 'skip malformed data lines, counting them, instead of stopping (task.skipBad)')
    .option('--max-tokens <n>', 'maximum new tokens per response (default 1024)', parseInteger)
    .option('-t, --temperature <t>', 'sampling temperature (default 1.0)', parseNumber)
    .option('--top-p <p>', 'nucleus sampling mass (default 1.0)', parseNumber)
    .option('--seed <n>', 'sampling seed (default run.seed)', parseInteger)
    .option('--batch-size <n>', 'prompts per generate call; results are saved after each', parseInteger)
    .option('-o, --out <dir>', 'run directory (default runs/<command>-<time>); rerunning into it resumes')
    .option('--resume <runDir>', 'continue the run in this directory with its recorded config');
}

/** Config paths set by the shared flags; `section` is the algorithm's own section (`eval`, `bestOfN`). */
export function dataFlags(opts: DataOptions, section: string): Record<string, unknown> {
  const sampler = opts.sampler ?? 'onnx';
  const modelPath = MODEL_CONFIG_PATH[sampler] ?? `${sampler}.model`;
  return {
    'use.sampler': opts.sampler,
    'use.task': opts.task,
    'use.grader': opts.grader,
    [modelPath]: opts.model,
    'task.dataset': opts.dataset,
    'task.format': opts.format,
    'task.fields': opts.field,
    'task.limit': opts.limit,
    'task.prompt': opts.prompt,
    'task.skipBad': opts.skipBad,
    [`${section}.maxTokens`]: opts.maxTokens,
    [`${section}.temperature`]: opts.temperature,
    [`${section}.topP`]: opts.topP,
    [`${section}.seed`]: opts.seed,
    [`${section}.batchSize`]: opts.batchSize,
  };
}

/** `reasonrl eval`: zero-shot evaluation (Algorithm `eval`). Every flag is also a config field. */
export function registerEvalCommand(program: Command, ctx: CliContext): void {
  withDataOptions(program.command('eval'))
    .description('zero-shot evaluation: generate, grade, count the categories (results.jsonl, summary.json)')
    .addHelpText(
      'after',
      '\nExample:\n  reasonrl eval --model ./qwen2.5-math-1.5b --dataset ../shared/datasets/gsm8k/test.jsonl --limit 100 --out runs/eval-gsm8k',
    )
    .action(async (opts: DataOptions) => {
      await runAlgorithm('eval', 'eval', { ...opts, flags: dataFlags(opts, 'eval') }, ctx);
    });
}
