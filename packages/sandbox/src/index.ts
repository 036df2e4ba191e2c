export { type ExtractedProgram, extractProgram } from './extract-program.js';
export { probeIsolation, type SandboxIsolation } from './isolation.js';
export {
  type ProgramLanguage,
  type ProgramRun,
  type ProgramStatus,
  type RunProgramOptions,
  runProgram,
} from './run-program.js';
