/**
 * Worker-thread side of `gradeBatch`: posts `{ ready }` once loaded, then receives `{ items }` chunks and
 * posts one `{ index, result }` per graded response, so the pool sees progress item by item and can stop
 * a worker that hangs.
 */
import { parentPort } from 'node:worker_threads';
import type { BatchTask, WorkerReply } from './batch-protocol.js';
import { casEqual } from './cas-equal.js';
import { questionOnlyRewardFn, r1ZeroRewardFn } from './reward-fns.js';

const port = parentPort;
if (port) {
  port.on('message', (task: BatchTask) => {
    const fn = task.rewardFn === 'question_only' ? questionOnlyRewardFn : r1ZeroRewardFn;
    for (const item of task.items) {
      let reply: WorkerReply;
      try {
        reply = { index: item.index, result: fn(item.response, item.groundTruth, task.options) };
      } catch (error) {
        reply = { index: item.index, error: String((error as Error)?.message ?? error) };
      }
      port.postMessage(reply);
    }
  });
  // Load the CAS before saying ready, so the pool's stall clock measures grading, not start-up.
  casEqual('x+1', '1+x');
  port.postMessage({ ready: true } satisfies WorkerReply);
}
