export { runCli, VERSION } from './main.js';
export { loadKernel, rawConfig, deepMerge, CLI_DIR, type ConfigInputs } from './host.js';
export { runAlgorithm, type RunAlgorithmOptions } from './commands/run-algorithm.js';
export { terminalProgress } from './progress.js';
export type { CliContext } from './commands/context.js';
