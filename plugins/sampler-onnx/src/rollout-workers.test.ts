import { describe, expect, it } from 'vitest';
import { AUTO_WORKER_BYTES, rolloutWorkers } from './rollout-workers.js';

const cpu = { executionProvider: 'cpu' as const, intraOpNumThreads: 0 };
const MB = 1024 ** 2;

describe('rolloutWorkers', () => {
  it("'auto' runs 2 workers with half the CPUs each for a small model on ORT's default threads", () => {
    expect(rolloutWorkers({ ...cpu, workers: 'auto' }, 12 * MB, 2)).toEqual({
      workers: 2,
      threadsPerWorker: 1,
    });
    expect(rolloutWorkers({ ...cpu, workers: 'auto' }, 12 * MB, 16)).toEqual({
      workers: 2,
      threadsPerWorker: 8,
    });
    expect(rolloutWorkers({ ...cpu, workers: 'auto' }, AUTO_WORKER_BYTES, 2).workers).toBe(2);
  });

  it("'auto' keeps the caller's thread for big weights, explicit threads, CUDA or a single CPU", () => {
    const one = (threads: number) => ({ workers: 1, threadsPerWorker: threads });
    expect(rolloutWorkers({ ...cpu, workers: 'auto' }, AUTO_WORKER_BYTES + 1, 2)).toEqual(one(0));
    expect(rolloutWorkers({ ...cpu, intraOpNumThreads: 1, workers: 'auto' }, MB, 2)).toEqual(one(1));
    expect(rolloutWorkers({ ...cpu, executionProvider: 'cuda', workers: 'auto' }, MB, 8)).toEqual(one(0));
    expect(rolloutWorkers({ ...cpu, workers: 'auto' }, MB, 1)).toEqual(one(0));
  });

  it('takes an explicit count as it is, splitting the CPUs when the threads are left at 0', () => {
    expect(rolloutWorkers({ ...cpu, workers: 3 }, 2e9, 12)).toEqual({ workers: 3, threadsPerWorker: 4 });
    expect(rolloutWorkers({ ...cpu, workers: 4 }, MB, 2)).toEqual({ workers: 4, threadsPerWorker: 1 });
    expect(rolloutWorkers({ ...cpu, intraOpNumThreads: 2, workers: 2 }, MB, 16)).toEqual({
      workers: 2,
      threadsPerWorker: 2,
    });
    expect(rolloutWorkers({ ...cpu, workers: 1 }, MB, 16)).toEqual({ workers: 1, threadsPerWorker: 0 });
  });
});
