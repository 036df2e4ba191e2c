import type { Command } from 'commander';
import { registerBestOfNCommand } from './best-of-n.js';
import { registerConfigCommand } from './config.js';
import type { CliContext } from './context.js';
import { registerDiscoverCommand } from './discover.js';
import { registerEvalCommand } from './eval.js';
import { registerGradeCommand } from './grade.js';
import { registerPipelineCommand } from './pipeline.js';
import { registerPluginsCommand } from './plugins.js';
import { registerAlgorithmCommands } from './run-algorithm.js';

/** Every subcommand, in the order `--help` lists them. Add a command: one file + one line here. */
export const COMMANDS: ((program: Command, ctx: CliContext) => void)[] = [
  registerEvalCommand,
  registerBestOfNCommand,
  registerAlgorithmCommands,
  registerPipelineCommand,
  registerDiscoverCommand,
  registerGradeCommand,
  registerPluginsCommand,
  registerConfigCommand,
];
