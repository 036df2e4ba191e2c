import { ConfigError, ReasonrlError } from '@reasonrl/core';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './commands/context.js';
import { COMMANDS } from './commands/index.js';
import { terminalProgress } from './progress.js';

export const VERSION = '0.1.0';

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code:
 * 0 success, 1 a failed run, 2 bad usage or a config that does not validate.
 */
export async function runCli(argv: readonly string[], ctx?: Partial<CliContext>): Promise<number> {
  const context: CliContext = {
    out: ctx?.out ?? ((line) => process.stdout.write(`${line}\n`)),
    err: ctx?.err ?? ((line) => process.stderr.write(`${line}\n`)),
    progress: ctx?.progress ?? terminalProgress(process.stderr),
  };
  const program = new Command('reasonrl')
    .description('Train language models to reason with verified rewards (SFT, Expert Iteration, GRPO).')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.out(s.trimEnd()),
      writeErr: (s) => context.err(s.trimEnd()),
    });
  for (const register of COMMANDS) register(program, context);
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ConfigError) {
      context.err(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof ReasonrlError) {
      context.err(`error: ${e.message}`);
      return 1;
    }
    context.err(`error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
