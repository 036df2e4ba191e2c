import { availableParallelism } from 'node:os';
import type { OnnxSamplerConfig } from './config.js';

/**
 * Weights (float32 bytes) above which `workers: 'auto'` keeps one thread: every worker holds its own copy of the
 * weights and of its sessions' pre-packed ones.
 */
export const AUTO_WORKER_BYTES = 256 * 1024 ** 2;

/**
 * How many worker threads roll out (1: the caller's thread, no worker) and ORT's intra-op threads in each.
 * `'auto'`: 2 workers on the CPU provider with ORT's default threads (0) when the machine has at least 2 CPUs and
 * the weights are at most `AUTO_WORKER_BYTES`, each with half the CPUs; otherwise 1. Why: ORT spreads each of a
 * decode step's ~350 small operators over its threads and waits for them; two sessions on one thread each, with half
 * the rows apiece, skip those waits and also sample side by side (issue-6 bench, 2 CPUs: decode x0.70-0.83). An explicit
 * number is taken as it is (threads: `intraOpNumThreads`, or the CPUs split evenly when that is 0).
 */
export function rolloutWorkers(
  options: Pick<OnnxSamplerConfig, 'workers' | 'intraOpNumThreads' | 'executionProvider'>,
  weightBytes: number,
  cpus: number = availableParallelism(),
): { workers: number; threadsPerWorker: number } {
  if (options.workers === 'auto') {
    const parallel =
      options.executionProvider === 'cpu' &&
      options.intraOpNumThreads === 0 &&
      cpus >= 2 &&
      weightBytes <= AUTO_WORKER_BYTES;
    if (!parallel) return { workers: 1, threadsPerWorker: options.intraOpNumThreads };
    return { workers: 2, threadsPerWorker: Math.max(1, Math.floor(cpus / 2)) };
  }
  const workers = options.workers;
  const threadsPerWorker =
    options.intraOpNumThreads > 0 || workers === 1
      ? options.intraOpNumThreads
      : Math.max(1, Math.floor(cpus / workers));
  return { workers, threadsPerWorker };
}
