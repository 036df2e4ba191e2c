// A rollout worker thread (see `WorkerRollouts`): loads the checkpoint, opens its own ORT sessions and runs the
// shares of generate calls it is sent, one message per request.
import { parentPort, workerData } from 'node:worker_threads';
import { LocalRollouts } from './local-rollouts.js';
import {
  type RolloutWorkerData,
  toWorkerError,
  type WorkerReply,
  type WorkerRequest,
} from './rollout-worker-protocol.js';
import { unpackWeights, viewsOf } from './weight-pack.js';

const port = parentPort ?? notAWorker();
function notAWorker(): never {
  throw new Error('rollout-worker: run it as a worker thread (WorkerRollouts starts it)');
}
const reply = (message: WorkerReply) => port.postMessage(message);
const { modelDir, options } = workerData as RolloutWorkerData;

let rollouts: LocalRollouts | undefined;
/** This thread's copy of the last synced weights, reused by the next sync (in place: no run reads it in between). */
let weightCopy: Float32Array | undefined;
try {
  rollouts = await LocalRollouts.load(modelDir, options);
  reply({ kind: 'ready' });
} catch (err) {
  reply({ kind: 'failed', error: toWorkerError(err) });
}

/**
 * One request at a time, in the order sent: a sync or a release waits for the generate call before it (a sync
 * landing between two decode steps would mix weights within a call), and so the caller may terminate this thread
 * once its release is answered, never while ORT runs (terminating a thread inside a native run aborts the process).
 */
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: WorkerRequest): Promise<void> {
  const { id } = request;
  try {
    if (!rollouts) throw new Error('rollout worker did not start');
    if (request.kind === 'generate') {
      const { completions, stats } = await rollouts.run(request.call, () => reply({ id, kind: 'progress' }));
      reply({ id, kind: 'generated', completions, stats });
    } else if (request.kind === 'weights') {
      // checked on the shared buffer first: a bad sync must not overwrite the copy the sessions use
      rollouts.checkWeights(viewsOf(request.weights));
      const { weights, data } = unpackWeights(request.weights, weightCopy);
      await rollouts.setWeights(weights);
      weightCopy = data;
      reply({ id, kind: 'done' });
    } else {
      await rollouts.release();
      rollouts = undefined;
      reply({ id, kind: 'done' });
      port.close();
    }
  } catch (err) {
    reply({ id, kind: 'error', error: toWorkerError(err) });
  }
}
