import { SERVICE_KINDS } from '@reasonrl/core';
import type { Command } from 'commander';
import { loadKernel } from '../host.js';
import type { CliContext } from './context.js';
import { type ConfigFlags, withConfigOptions } from './shared-options.js';

/** `reasonrl plugins`: what is installed and what each plugin provides. */
export function registerPluginsCommand(program: Command, ctx: CliContext): void {
  withConfigOptions(program.command('plugins'))
    .description('list installed plugins and the services each provides')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: ConfigFlags & { json?: boolean }) => {
      const kernel = await loadKernel({ config: opts.config, set: opts.set });
      const plugins = kernel.plugins.map((lp) => ({
        name: lp.plugin.name,
        package: lp.packageName,
        version: lp.version,
        configKey: lp.plugin.configKey ?? null,
        description: lp.plugin.description,
        provides: lp.plugin.provides.map((c) => ({ kind: c.kind, name: c.name, description: c.description })),
      }));
      if (opts.json) {
        ctx.out(JSON.stringify(plugins, null, 2));
        return;
      }
      ctx.out(`${plugins.length} plugin(s) installed\n`);
      for (const p of plugins) {
        ctx.out(
          `${p.name}  (${p.package}@${p.version}${p.configKey ? `, config section '${p.configKey}'` : ''})`,
        );
        ctx.out(`  ${p.description}`);
        for (const c of p.provides) ctx.out(`  - ${c.kind.padEnd(9)} ${c.name.padEnd(24)} ${c.description}`);
      }
      ctx.out('\nBy kind:');
      for (const kind of SERVICE_KINDS) {
        const names = kernel.list(kind).map((s) => s.name);
        ctx.out(`  ${kind.padEnd(9)} ${names.length ? names.join(', ') : '(none)'}`);
      }
    });
}
