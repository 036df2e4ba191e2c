import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type GroundTruth, ReasonrlError, type RewardResult } from '@reasonrl/core';
import type { BatchTask, RewardFnName, WorkerReply } from './batch-protocol.js';
import { DEFAULT_GRADE_OPTIONS, type GradeOptions } from './grade.js';
import { groundTruthCandidates } from './ground-truth.js';

export type { RewardFnName } from './batch-protocol.js';

/** Knobs of {@link gradeBatch}. */
export interface BatchOptions extends Partial<GradeOptions> {
  /** Worker threads (default: available cores, at most 4, at most one per 8 responses). */
  threads?: number;
  /** Responses sent to a worker at once. */
  chunkSize?: number;
  /**
   * A worker that grades nothing for this long (ms) is stopped; the response it was on counts as
   * not equal with `metadata.timedOut = true` (default: 4 x timeoutMs + 2000).
   */
  stallMs?: number;
}

const STALLED: RewardResult = {
  reward: 0,
  formatReward: 0,
  answerReward: 0,
  metadata: { method: 'worker-stalled', timedOut: true, casCalls: 1 },
};

/**
 * Starts a grading worker. From the built package this is `grade-worker.js`; from TypeScript source (tests,
 * tsx) a tiny bootstrap registers tsx's loader in the worker first, with the source export condition.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./grade-worker.js', here));
  const tsxApi = pathToFileURL(
    createRequire(join(process.cwd(), 'package.json')).resolve('tsx/esm/api'),
  ).href;
  const target = new URL('./grade-worker.ts', here).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@reasonrl/source'] });
}

/**
 * Grades many responses on worker threads with one of the reward functions (`r1_zero`, `question_only`),
 * keeping the main event loop free. Results are in input order. A worker stuck on one response past
 * `stallMs` is terminated and replaced; that response scores 0 with `metadata.timedOut`.
 *
 * @param rewardFn which reward function to run
 * @param responses [n] generated texts
 * @param groundTruths [n] reference answers, one per response
 * @throws ReasonrlError GRADER_BATCH_MISMATCH when the lengths differ; GRADER_BAD_GROUND_TRUTH (before any
 *   work starts) naming the index of a missing or empty ground truth
 */
export async function gradeBatch(
  rewardFn: RewardFnName,
  responses: readonly string[],
  groundTruths: readonly GroundTruth[],
  options: BatchOptions = {},
): Promise<RewardResult[]> {
  if (responses.length !== groundTruths.length) {
    throw new ReasonrlError(
      'GRADER_BATCH_MISMATCH',
      `gradeBatch: ${responses.length} responses but ${groundTruths.length} ground truths; expected one ground truth per response`,
    );
  }
  for (const [i, gt] of groundTruths.entries()) groundTruthCandidates(gt, `ground truth [${i}]`);
  const n = responses.length;
  if (n === 0) return [];
  const { threads, chunkSize = 32, stallMs, ...gradeOptions } = options;
  const timeoutMs = gradeOptions.timeoutMs ?? DEFAULT_GRADE_OPTIONS.timeoutMs;
  const stall = stallMs ?? 4 * timeoutMs + 2000;
  const workerCount = Math.max(1, Math.min(threads ?? Math.min(availableParallelism(), 4), Math.ceil(n / 8)));
  const results: (RewardResult | undefined)[] = new Array(n);
  const queue: number[] = Array.from({ length: n }, (_, i) => i);

  return new Promise<RewardResult[]>((resolve, reject) => {
    let done = 0;
    let failed = false;
    const live = new Set<Worker>();
    const finish = (error?: Error) => {
      if (failed) return;
      if (error || done === n) {
        failed = !!error;
        for (const w of live) void w.terminate();
        live.clear();
        if (error) reject(error);
        else resolve(results as RewardResult[]);
      }
    };

    const start = () => {
      const worker = spawnWorker();
      live.add(worker);
      let pending: number[] = [];
      let ready = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = pending.length ? setTimeout(onStall, stall) : undefined;
      };
      const feed = () => {
        if (!ready) return;
        if (pending.length || queue.length === 0) {
          arm();
          if (!pending.length) {
            live.delete(worker);
            void worker.terminate();
          }
          return;
        }
        pending = queue.splice(0, chunkSize);
        const task: BatchTask = {
          rewardFn,
          options: gradeOptions,
          items: pending.map((index) => ({
            index,
            response: responses[index],
            groundTruth: groundTruths[index],
          })),
        };
        worker.postMessage(task);
        arm();
      };
      const onStall = () => {
        // The first unanswered item is the one the worker is stuck on; the rest go back to the queue.
        const [stuck, ...rest] = pending;
        results[stuck] = { ...STALLED, metadata: { ...STALLED.metadata } };
        done++;
        pending = [];
        queue.unshift(...rest);
        live.delete(worker);
        void worker.terminate();
        if (done === n) finish();
        else start();
      };
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          ready = true;
          return feed();
        }
        if ('error' in reply)
          return finish(new ReasonrlError('GRADER_WORKER', `gradeBatch [${reply.index}]: ${reply.error}`));
        results[reply.index] = reply.result;
        pending = pending.filter((i) => i !== reply.index);
        done++;
        if (done === n) {
          if (timer) clearTimeout(timer);
          return finish();
        }
        feed();
      });
      worker.on('error', (error) => {
        if (timer) clearTimeout(timer);
        finish(
          new ReasonrlError('GRADER_WORKER', `gradeBatch: a grading worker failed: ${error.message}`, {
            cause: error,
          }),
        );
      });
      feed();
    };
    for (let w = 0; w < workerCount; w++) start();
  });
}
