import type { Command } from 'commander';
import { loadKernel } from '../host.js';
import type { CliContext } from './context.js';
import { type ConfigFlags, withConfigOptions } from './shared-options.js';

const show = (v: unknown) => (v === undefined ? '-' : JSON.stringify(v));

/** `reasonrl config --print`: the resolved config, with each field's default and description. */
export function registerConfigCommand(program: Command, ctx: CliContext): void {
  withConfigOptions(program.command('config'))
    .description('validate a config and print it resolved, with defaults and descriptions')
    .option('--print', 'print every field with its value, default and description (the default action)')
    .option('--json', 'print the resolved config as JSON')
    .action(async (opts: ConfigFlags & { json?: boolean; print?: boolean }) => {
      const kernel = await loadKernel({ config: opts.config, set: opts.set });
      if (opts.json) {
        ctx.out(JSON.stringify(kernel.config, null, 2));
        return;
      }
      const rows = kernel.describeConfig();
      const w = Math.max(...rows.map((r) => r.path.length), 4);
      ctx.out(`${'field'.padEnd(w)}  ${'value'.padEnd(22)} ${'default'.padEnd(18)} description`);
      for (const r of rows) {
        const changed = JSON.stringify(r.value) !== JSON.stringify(r.default) ? '*' : ' ';
        ctx.out(
          `${r.path.padEnd(w)} ${changed}${show(r.value).padEnd(22)} ${show(r.default).padEnd(18)} ${r.type}: ${r.description}`,
        );
      }
      ctx.out('\n(* = differs from the default)');
    });
}
