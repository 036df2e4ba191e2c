import { silentProgress } from '@reasonrl/core';
import { Command } from 'commander';
import { registerBestOfNCommand } from '../../apps/cli/src/commands/best-of-n.js';
import { registerEvalCommand } from '../../apps/cli/src/commands/eval.js';

/**
 * Run `reasonrl eval` / `reasonrl best-of-n` in this process with the real command definitions, capturing
 * what they print (`out`: result lines, `info`: status lines and the summary table).
 */
export async function runCommands(args: string[]): Promise<{ out: string[]; info: string[] }> {
  const out: string[] = [];
  const info: string[] = [];
  const ctx = {
    out: (l: string) => void out.push(l),
    err: (l: string) => void out.push(l),
    progress: { ...silentProgress, info: (m: string) => void info.push(m) },
  };
  const program = new Command('reasonrl').exitOverride();
  registerEvalCommand(program, ctx);
  registerBestOfNCommand(program, ctx);
  for (const c of program.commands) c.exitOverride();
  await program.parseAsync(args, { from: 'user' });
  return { out, info };
}
