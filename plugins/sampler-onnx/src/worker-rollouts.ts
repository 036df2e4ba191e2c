import { Worker } from 'node:worker_threads';
import { type Completion, type NamedWeights, ReasonrlError } from '@reasonrl/core';
import type { OnnxSamplerConfig } from './config.js';
import type { LoopStats } from './generate-loop.js';
import type { RolloutCall, Rollouts } from './local-rollouts.js';
import { mergeLoopStats } from './merge-stats.js';
import type {
  RolloutWorkerData,
  WorkerError,
  WorkerReply,
  WorkerRequest,
} from './rollout-worker-protocol.js';
import { splitRows } from './row-shares.js';
import { packWeights } from './weight-pack.js';

/** The export condition that points workspace packages at their TypeScript source (set by the repo's vitest). */
const SOURCE_CONDITION = '@reasonrl/source';

/**
 * Where a worker thread starts: the built `rollout-worker.js` beside this module (with the caller's Node options,
 * less the source condition, so that it imports built packages only), or, when this module runs from TypeScript
 * source (the repo's tests), a plain boot module that registers tsx and imports `rollout-worker.ts` with the source
 * condition, so that the worker runs the same source as its caller.
 */
function rolloutWorkerEntry(): { url: URL; entry?: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return {
      url: new URL('./rollout-worker.js', here),
      execArgv: withoutCondition(process.execArgv, SOURCE_CONDITION),
    };
  return {
    url: new URL('./rollout-worker-boot.mjs', here),
    entry: new URL('./rollout-worker.ts', here).href,
    execArgv: [`--conditions=${SOURCE_CONDITION}`],
  };
}

/** Node options without `--conditions NAME` / `--conditions=NAME` / `-C NAME` for `name`. */
export function withoutCondition(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === name) i++;
    else if (a !== `--conditions=${name}` && a !== `-C=${name}`) out.push(a);
  }
  return out;
}

/** A request before it is given its id (`Omit` over each member of the union). */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (err: Error) => void;
  onProgress?: () => void;
}

/** One worker thread and its requests in flight; it keeps the process alive only while some are. */
class RolloutWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private readonly worker: Worker;
  readonly ready: Promise<void>;

  constructor(
    readonly index: number,
    modelDir: string,
    options: OnnxSamplerConfig,
  ) {
    const { url, entry, execArgv } = rolloutWorkerEntry();
    const data: RolloutWorkerData = { modelDir, options, ...(entry ? { entry } : {}) };
    const worker = new Worker(url, { workerData: data, execArgv });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onReply = (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          if (this.pending.size === 0) worker.unref(); // idle: does not keep the process alive
          resolve();
        } else if (reply.kind === 'failed')
          reject(fromWorkerError(reply.error, `worker ${index} could not start`));
        else this.settle(reply);
      };
      worker.on('message', onReply);
      worker.on('error', (err) => {
        this.fail(err);
        reject(this.failure);
      });
      worker.on('exit', (code) => {
        this.fail(new Error(`exited with code ${code}`));
        reject(this.failure);
      });
    });
    // an unawaited `ready` must not become an unhandled rejection: `start` awaits it
    this.ready.catch(() => {});
  }

  /** Send a request; resolves with its final reply (`progress` replies call `onProgress`). */
  request(request: Unsent<WorkerRequest>, onProgress?: () => void) {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private settle(reply: WorkerReply) {
    if (!('id' in reply)) return;
    const p = this.pending.get(reply.id);
    if (!p) return;
    if (reply.kind === 'progress') {
      p.onProgress?.();
      return;
    }
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.kind === 'error') p.reject(fromWorkerError(reply.error));
    else p.resolve(reply);
  }

  private fail(err: Error) {
    if (this.failure) return;
    this.failure = new ReasonrlError(
      'SAMPLER_WORKER_FAILED',
      `onnx sampler: rollout worker ${this.index} stopped (${err.message}); dispose this sampler and load a new one`,
      { cause: err },
    );
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  async close(): Promise<void> {
    if (!this.failure) {
      await this.request({ kind: 'release' }).catch(() => {});
      this.failure = new ReasonrlError('SAMPLER_DISPOSED', 'onnx sampler: used after dispose()');
    }
    await this.worker.terminate();
  }
}

function fromWorkerError(error: WorkerError, context?: string): Error {
  const message = context ? `onnx sampler: ${context}: ${error.message}` : error.message;
  const err = error.code ? new ReasonrlError(error.code, message) : new Error(message);
  if (error.stack) err.stack = `${err.name}: ${message}\n    (in a rollout worker)\n${error.stack}`;
  return err;
}

/**
 * Rollouts split among worker threads (`workers` in the sampler's config): each loads the checkpoint and opens its
 * own ORT sessions; a call's rows are split into contiguous shares (`splitRows`), run side by side and merged back
 * in order. Each row's random stream comes from its index in the whole call, so the samples do not depend on the
 * split (log-probs agree up to float rounding of other batch shapes).
 */
export class WorkerRollouts implements Rollouts {
  /** The shared buffer of the last sync's packed weights. */
  private packed: Float32Array | undefined;
  private lastSync: Promise<void> = Promise.resolve();

  private constructor(private readonly pool: RolloutWorker[]) {}

  get workers(): number {
    return this.pool.length;
  }

  /** Start `workers` threads with `options` (their own threads and KV budget) and wait until all have loaded. */
  static async start(modelDir: string, options: OnnxSamplerConfig, workers: number): Promise<WorkerRollouts> {
    const pool = Array.from({ length: workers }, (_, i) => new RolloutWorker(i, modelDir, options));
    const started = await Promise.allSettled(pool.map((w) => w.ready));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      await Promise.all(pool.map((w) => w.close()));
      throw failed.reason;
    }
    return new WorkerRollouts(pool);
  }

  async run(
    { promptIds, params }: RolloutCall,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ completions: Completion[][]; stats: LoopStats }> {
    // a row's step costs grow with what it reads: its prompt and completion (each worker as long as the others)
    const shares = splitRows(
      promptIds.length,
      params.n,
      this.pool.length,
      promptIds.map((ids) => ids.length + params.maxTokens),
    );
    const total = promptIds.length * params.n;
    let done = 0;
    const tick = () => onProgress?.(++done, total);
    const replies = await Promise.all(
      shares.map((share, i) =>
        this.pool[i].request(
          {
            kind: 'generate',
            call: {
              promptIds: promptIds.slice(share.promptFrom, share.promptFrom + share.promptCount),
              params: { ...params, n: share.sampleCount },
              rowIndexOffset: { prompt: share.promptFrom, sample: share.sampleFrom },
            },
          },
          tick,
        ),
      ),
    );
    const completions: Completion[][] = promptIds.map(() => []);
    const parts: LoopStats[] = [];
    replies.forEach((reply, i) => {
      if (reply.kind !== 'generated') throw new Error(`rollout worker ${i}: unexpected reply ${reply.kind}`);
      const share = shares[i];
      reply.completions.forEach((samples, p) => {
        samples.forEach((c, j) => {
          completions[share.promptFrom + p][share.sampleFrom + j] = c;
        });
      });
      parts.push(reply.stats);
    });
    return { completions, stats: mergeLoopStats(parts) };
  }

  /**
   * Pack the weights once into a shared buffer (reused by the next sync) that every worker copies into its own, side
   * by side. Syncs run one after another: the buffer is rewritten only when every worker has its copy.
   */
  setWeights(weights: NamedWeights): Promise<void> {
    const sync = this.lastSync
      .catch(() => {})
      .then(async () => {
        const packed = packWeights(weights, this.packed);
        this.packed = packed.data;
        await Promise.all(this.pool.map((w) => w.request({ kind: 'weights', weights: packed })));
      });
    this.lastSync = sync;
    return sync;
  }

  async release(): Promise<void> {
    await Promise.all(this.pool.map((w) => w.close()));
  }
}
