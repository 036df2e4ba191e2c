import { type Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './context.js';
import { type DataOptions, dataFlags, parseInteger, withDataOptions } from './eval.js';
import { runAlgorithm } from './run-algorithm.js';

interface BestOfNOptions extends DataOptions {
  n?: number[];
  samples?: number;
  evalRun?: string;
  png?: boolean;
}

/** `--n 1,4,8,16` as a list of positive integers. */
export function parseNList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const ns = parts.map(Number);
  if (parts.length === 0 || ns.some((n, i) => parts[i] === '' || !Number.isInteger(n) || n < 1)) {
    throw new InvalidArgumentError(
      `expected a comma-separated list of positive integers like 1,4,8,16, got '${value}'`,
    );
  }
  return ns;
}

/** `reasonrl best-of-n`: pass@N and Best@N (Algorithm `best-of-n`). Every flag is also a config field. */
export function registerBestOfNCommand(program: Command, ctx: CliContext): void {
  withDataOptions(program.command('best-of-n'))
    .description('pass@N and Best@N from N samples per prompt (bestofn.json, bestofn.svg/png, report.html)')
    .option('--n <list>', 'values of N, e.g. 1,4,8,16 (bestOfN.n)', parseNList)
    .option('--samples <n>', 'samples per prompt (default: the largest N) (bestOfN.samples)', parseInteger)
    .option(
      '--eval-run <dir>',
      "reuse an eval run's responses as each prompt's first sample (bestOfN.evalRun)",
    )
    .option('--no-png', 'write the plot as SVG only (bestOfN.png=false)')
    .addHelpText(
      'after',
      '\nExample:\n  reasonrl best-of-n --model ./ckpt --dataset ../shared/datasets/gsm8k/test.jsonl --limit 50 --n 1,4,8,16',
    )
    .action(async (opts: BestOfNOptions) => {
      const flags = {
        ...dataFlags(opts, 'bestOfN'),
        'bestOfN.n': opts.n,
        'bestOfN.samples': opts.samples,
        'bestOfN.evalRun': opts.evalRun,
        'bestOfN.png': opts.png === false ? false : undefined,
      };
      await runAlgorithm('best-of-n', 'best-of-n', { ...opts, flags }, ctx);
    });
}
