export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export { appendJsonl, appendJsonlMany, readJsonl, JsonlError, type ReadJsonlOptions } from './jsonl.js';
export { defaultRunDir, openRunDir, writeRunConfig, writeRunInfo, readRunConfig, type RunInfo } from './run-dir.js';
