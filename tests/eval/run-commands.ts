/**
 * Runs `reasonrl eval` / `reasonrl best-of-n` from source in a child process, so a test can kill it
 * (`node --conditions=@reasonrl/source --import tsx tests/eval/run-commands.ts eval ...`).
 */
import { Command } from 'commander';
import { registerBestOfNCommand } from '../../apps/cli/src/commands/best-of-n.js';
import { registerEvalCommand } from '../../apps/cli/src/commands/eval.js';

const ctx = {
  out: (line: string) => void process.stdout.write(`${line}\n`),
  err: (line: string) => void process.stderr.write(`${line}\n`),
  progress: {
    start: () => ({ update() {}, stop() {} }),
    info: (m: string) => void process.stdout.write(`${m}\n`),
  },
};
const program = new Command('reasonrl');
registerEvalCommand(program, ctx);
registerBestOfNCommand(program, ctx);
await program.parseAsync(process.argv.slice(2), { from: 'user' });
