// Source checkouts only (the repo's tests): Node cannot run a TypeScript worker entry by itself, so this plain
// module registers tsx's loader in the worker thread first, then imports the entry (`RolloutWorkerData.entry`).
// Built packages start dist/rollout-worker.js directly and never load this file.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
