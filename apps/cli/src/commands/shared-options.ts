import type { Command } from 'commander';

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--config FILE` and repeatable `--set a.b=c`, on every command that builds a kernel. */
export function withConfigOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'config file (YAML or JSON)')
    .option(
      '-s, --set <key=value>',
      'override a config field, e.g. --set grpo.lossType=grpo_clip (repeatable)',
      collect,
      [],
    );
}

export interface ConfigFlags {
  config?: string;
  set: string[];
}
