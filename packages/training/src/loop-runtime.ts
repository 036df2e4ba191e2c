import { join } from 'node:path';
import type { AlgorithmContext, Sampler, Tracker } from '@reasonrl/core';
import { CheckpointManager, type CheckpointRef, type LoopState } from './checkpoint-manager.js';
import { DataCursor } from './data-cursor.js';
import { FanoutTracker } from './fanout-tracker.js';
import { assertFiniteMetrics } from './non-finite-guard.js';
import { SeededRng } from './seeded-rng.js';
import { StepTimer } from './step-timer.js';
import type { TrainableBackend } from './trainable-backend.js';

/** The state a training loop carries between steps, restored from the last checkpoint on resume. */
export class LoopRuntime {
  readonly timer = new StepTimer();
  /** Steps completed (0 on a fresh run). */
  step = 0;
  extra: Record<string, unknown> = {};
  lastCheckpoint?: CheckpointRef;
  private readonly cursors = new Map<string, DataCursor>();
  private savedCursors: LoopState['cursors'] = {};

  private constructor(
    readonly algorithm: string,
    readonly context: AlgorithmContext,
    readonly tracker: Tracker,
    private readonly extraTrackers: readonly Tracker[],
    readonly checkpoints: CheckpointManager,
    public rng: SeededRng,
    private readonly backend: TrainableBackend,
    private readonly sampler: Sampler | undefined,
  ) {}

  /**
   * Set up logging (the host's tracker plus `alsoLogTo`), checkpoints and the RNG; on `context.resume`
   * restore weights, optimizer, RNG, cursors and step from the latest checkpoint and sync the sampler.
   */
  static async open(options: {
    algorithm: string;
    context: AlgorithmContext;
    backend: TrainableBackend;
    sampler?: Sampler;
    seed: number;
    alsoLogTo: readonly string[];
    keepCheckpoints: number;
  }): Promise<LoopRuntime> {
    const { context } = options;
    const extras: Tracker[] = [];
    for (const name of options.alsoLogTo) {
      if (name === context.tracker.name) continue;
      extras.push(await context.kernel.get('Tracker', name));
    }
    const tracker = extras.length ? new FanoutTracker([context.tracker, ...extras]) : context.tracker;
    const rt = new LoopRuntime(
      options.algorithm,
      context,
      tracker,
      extras,
      new CheckpointManager(context.runDir, options.keepCheckpoints),
      new SeededRng(options.seed),
      options.backend,
      options.sampler,
    );
    if (context.resume) await rt.restore();
    return rt;
  }

  private async restore(): Promise<void> {
    const ref = this.checkpoints.latest();
    if (!ref) {
      this.context.progress.info(
        `${this.algorithm}: no checkpoint in ${this.checkpoints.root}; starting from step 0`,
      );
      return;
    }
    const state = this.checkpoints.readState(ref);
    await this.backend.loadWeights(join(ref.dir, 'model'));
    await this.backend.loadOptimizerState(join(ref.dir, 'optimizer'));
    if (this.sampler)
      this.timer.add('sync', (await this.sampler.syncWeights(await this.backend.exportWeights())).ms);
    this.step = state.step;
    this.rng = SeededRng.fromState(state.rng);
    this.savedCursors = state.cursors;
    this.extra = state.extra ?? {};
    this.lastCheckpoint = ref;
    this.context.progress.info(`${this.algorithm}: resumed from ${ref.dir} (step ${state.step})`);
  }

  /** The named data cursor over `size` examples: restored from the checkpoint when there is one. */
  cursor(name: string, size: number, seed: number, options: { shuffle?: boolean } = {}): DataCursor {
    let c = this.cursors.get(name);
    if (!c) {
      const saved = this.savedCursors[name];
      c = saved ? DataCursor.fromState(saved, size, options) : new DataCursor(size, seed, options);
      this.cursors.set(name, c);
    }
    return c;
  }

  /**
   * Stop on a NaN/Inf loss or gradient norm (naming step and metric and the kept checkpoint), then
   * log the metrics, with the time split accumulated since the last flush unless `withTiming` is false
   * (for the inner optimizer steps of a rollout batch, whose time goes to the batch's last record).
   */
  async logStep(
    trackerStep: number,
    metrics: Record<string, number>,
    withTiming = true,
  ): Promise<Record<string, number>> {
    const all = withTiming ? { ...metrics, ...this.timer.flush() } : { ...metrics };
    try {
      assertFiniteMetrics(trackerStep, all, { lastCheckpoint: this.lastCheckpoint?.dir });
    } finally {
      await this.tracker.log(trackerStep, all);
    }
    return all;
  }

  /** Write a checkpoint of the current step (atomically; see CheckpointManager). */
  async checkpoint(): Promise<CheckpointRef> {
    const state: LoopState = {
      step: this.step,
      rng: this.rng.getState(),
      cursors: Object.fromEntries([...this.cursors].map(([k, c]) => [k, c.getState()])),
      extra: this.extra,
    };
    const ref = await this.timer.time('checkpoint', () =>
      this.checkpoints.save(state, {
        model: (dir) => this.backend.save(dir),
        optimizer: (dir) => this.backend.saveOptimizerState(dir),
      }),
    );
    this.lastCheckpoint = ref;
    return ref;
  }

  /** Close the trackers this runtime opened (the host closes its own). */
  async close(): Promise<void> {
    for (const t of this.extraTrackers) await t.close?.();
  }
}
