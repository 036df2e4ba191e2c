export {
  runProgram,
  type ProgramLanguage,
  type ProgramRun,
  type ProgramStatus,
  type RunProgramOptions,
} from './run-program.js';
export { probeIsolation, type SandboxIsolation } from './isolation.js';
export { extractProgram, type ExtractedProgram } from './extract-program.js';
