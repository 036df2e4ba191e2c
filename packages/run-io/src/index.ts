export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export { appendJsonl, appendJsonlMany, JsonlError, type ReadJsonlOptions, readJsonl } from './jsonl.js';
export {
  defaultRunDir,
  openRunDir,
  type RunInfo,
  readRunConfig,
  writeRunConfig,
  writeRunInfo,
} from './run-dir.js';
