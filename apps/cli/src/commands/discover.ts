import { resolve } from 'node:path';
import { applyOverrides, ReasonrlError } from '@reasonrl/core';
import { runKissingDiscovery } from '@reasonrl/discovery';
import { defaultRunDir, openRunDir, writeRunConfig } from '@reasonrl/run-io';
import type { Command } from 'commander';
import { loadKernel } from '../host.js';
import type { CliContext } from './context.js';
import { type ConfigFlags, withConfigOptions } from './shared-options.js';

interface DiscoverFlags extends ConfigFlags {
  proposer?: string;
  rounds?: number;
  candidates?: number;
  roundBudgetMs?: number;
  timeBudgetS?: number;
  target?: number;
  out?: string;
}

const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ReasonrlError('USAGE', `expected an integer, got '${value}'`);
  return n;
};

/**
 * `reasonrl discover kissing`: the HW3 discovery loop (propose -> sandbox -> exact verifier -> feed
 * back, Best-of-N per round). Discovery settings come from the flags below or `--set discovery.<field>=...`;
 * everything else (`use.sampler`, `openai.*`) is ordinary kernel config.
 */
export function registerDiscoverCommand(program: Command, ctx: CliContext): void {
  withConfigOptions(program.command('discover'))
    .argument('<problem>', 'what to search for: kissing (a kissing configuration in 11 dimensions)')
    .description(
      'search for a construction with a verifier in the loop (baseline search or a language model)',
    )
    .option(
      '--proposer <name>',
      'baseline (local search, no model) or llm (the sampler chosen by use.sampler)',
    )
    .option('--rounds <n>', 'most rounds', integer)
    .option('-n, --candidates <n>', 'Best-of-N: candidates per round', integer)
    .option('--round-budget-ms <ms>', 'baseline search time per round', integer)
    .option('--time-budget-s <s>', 'wall-clock budget of the whole run', integer)
    .option('--target <n>', 'stop once a valid set has this many points', integer)
    .option('-o, --out <dir>', 'output directory (default runs/discover-kissing-<time>)')
    .action(async (problem: string, opts: DiscoverFlags) => {
      if (problem !== 'kissing')
        throw new ReasonrlError('USAGE', `discover: unknown problem '${problem}' (known: kissing)`);
      const discoverySets = opts.set.filter((s) => s.startsWith('discovery.'));
      const kernelSets = opts.set.filter((s) => !s.startsWith('discovery.'));
      const fromSet = (applyOverrides({}, discoverySets).discovery ?? {}) as Record<string, unknown>;
      const fromFlags = Object.fromEntries(
        Object.entries({
          proposer: opts.proposer,
          rounds: opts.rounds,
          candidatesPerRound: opts.candidates,
          roundBudgetMs: opts.roundBudgetMs,
          timeBudgetMs: opts.timeBudgetS === undefined ? undefined : opts.timeBudgetS * 1000,
          target: opts.target,
        }).filter(([, v]) => v !== undefined),
      );
      const kernel = await loadKernel({
        config: opts.config,
        set: kernelSets,
        flags: { 'use.grader': 'kissing' },
      });
      try {
        const outDir = openRunDir(opts.out ? resolve(opts.out) : defaultRunDir('runs', 'discover-kissing'));
        writeRunConfig(outDir, kernel.config);
        ctx.progress.info(`run directory: ${outDir}`);
        const outcome = await runKissingDiscovery({
          outDir,
          kernel,
          config: { ...fromSet, ...fromFlags },
          onRound: (r) =>
            ctx.progress.info(
              `round ${r.round}: ${r.valid}/${r.candidates} valid, best this round ${r.bestThisRound}, best so far ${r.bestSoFar} (${r.elapsedSeconds.toFixed(1)} s)`,
            ),
        });
        ctx.out(
          `best: ${outcome.best ? `${outcome.best.score} points` : 'no valid set'}; wrote ${outcome.files.join(', ')} to ${outDir}`,
        );
      } finally {
        await kernel.dispose();
      }
    });
}
