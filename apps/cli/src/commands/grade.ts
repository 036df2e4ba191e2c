import { type Grader, ReasonrlError } from '@reasonrl/core';
import { type RegradeCounts, regradeResultsFile } from '@reasonrl/math-grading';
import type { Command } from 'commander';
import { loadKernel } from '../host.js';
import type { CliContext } from './context.js';
import { type ConfigFlags, withConfigOptions } from './shared-options.js';

interface GradeFlags extends ConfigFlags {
  grader?: string;
  response?: string;
  groundTruth?: string;
  json?: boolean;
  changed?: boolean;
}

function printCounts(ctx: CliContext, counts: RegradeCounts): void {
  const pct = (n: number) => (counts.total ? ((100 * n) / counts.total).toFixed(1) : '0.0');
  ctx.out(`graded            ${counts.total}`);
  ctx.out(`format 1 answer 1 ${counts.correct} (${pct(counts.correct)}%)`);
  ctx.out(`format 1 answer 0 ${counts.formattedWrong} (${pct(counts.formattedWrong)}%)`);
  ctx.out(`format 0 answer 0 ${counts.unformatted} (${pct(counts.unformatted)}%)`);
  ctx.out(`mean reward       ${counts.meanReward.toFixed(4)}`);
  if (counts.timedOut) ctx.out(`timed out         ${counts.timedOut} (counted as wrong)`);
}

/**
 * `reasonrl grade [results.jsonl]`: re-grade a results file (one JSON object per line with a response and a
 * ground truth) with a Grader plugin (`r1_zero` by default) and print the CS336 category counts; or grade one
 * response given by `--response` and `--ground-truth`.
 */
export function registerGradeCommand(program: Command, ctx: CliContext): void {
  withConfigOptions(program.command('grade'))
    .description('re-grade a results JSONL file (or one --response) and print the category counts')
    .argument(
      '[results]',
      'results JSONL: one object per line with response/output and ground_truth/answer fields',
    )
    .option(
      '-g, --grader <name>',
      "Grader to use: r1_zero or question_only (default: the config's use.grader, else r1_zero)",
    )
    .option('--response <text>', 'grade this one response instead of a file')
    .option('--ground-truth <answer>', 'the reference answer for --response')
    .option('--changed', 'also list the lines whose reward differs from the one recorded in the file')
    .option('--json', 'print JSON')
    .action(async (results: string | undefined, opts: GradeFlags) => {
      if (!results && opts.response === undefined) {
        throw new ReasonrlError(
          'CLI_USAGE',
          'reasonrl grade: give a results JSONL file, or --response and --ground-truth',
        );
      }
      if (opts.response !== undefined && opts.groundTruth === undefined) {
        throw new ReasonrlError('CLI_USAGE', 'reasonrl grade: --response needs --ground-truth');
      }
      const kernel = await loadKernel({ config: opts.config, set: opts.set });
      try {
        const configured = (kernel.config as { use?: { grader?: string } }).use?.grader;
        const grader = (await kernel.get('Grader', opts.grader ?? configured ?? 'r1_zero')) as Grader;
        if (opts.response !== undefined) {
          const result = await grader.grade(opts.response, opts.groundTruth as string);
          if (opts.json) ctx.out(JSON.stringify(result, null, 2));
          else {
            ctx.out(`format ${result.formatReward} answer ${result.answerReward} reward ${result.reward}`);
            if (result.metadata) ctx.out(JSON.stringify(result.metadata));
          }
          return;
        }
        const { counts, lines } = await regradeResultsFile(results as string, grader);
        const changed = lines.filter(
          (l) => l.previousReward !== undefined && l.previousReward !== l.result.reward,
        );
        if (opts.json) {
          const diffs = changed.map((l) => ({
            line: l.line,
            before: l.previousReward,
            after: l.result.reward,
          }));
          ctx.out(JSON.stringify({ grader: grader.name, counts, changed: diffs }, null, 2));
          return;
        }
        ctx.out(`${results} with grader ${grader.name}`);
        printCounts(ctx, counts);
        if (lines.some((l) => l.previousReward !== undefined))
          ctx.out(`reward changed    ${changed.length} line(s)`);
        if (opts.changed)
          for (const l of changed) ctx.out(`  line ${l.line}: ${l.previousReward} -> ${l.result.reward}`);
      } finally {
        await kernel.dispose();
      }
    });
}
