export type { CliContext } from './commands/context.js';
export { type PipelineOptions, registerPipelineCommand, runPipelineCommand } from './commands/pipeline.js';
export { type RunAlgorithmOptions, runAlgorithm } from './commands/run-algorithm.js';
export { CLI_DIR, type ConfigInputs, deepMerge, loadKernel, rawConfig } from './host.js';
export { runCli, VERSION } from './main.js';
export { terminalProgress } from './progress.js';
