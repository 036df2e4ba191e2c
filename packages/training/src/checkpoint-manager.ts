import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '@reasonrl/run-io';
import type { DataCursorState } from './data-cursor.js';
import { TrainingError } from './errors.js';
import type { RngState } from './seeded-rng.js';

/** Everything a loop needs, besides model and optimizer tensors, to continue exactly where it stopped. */
export interface LoopState {
  /** Optimizer steps (or outer steps, for EI) completed. */
  step: number;
  rng: RngState;
  /** Data cursors by name (e.g. `train`). */
  cursors: Record<string, DataCursorState>;
  /** Algorithm-specific values (e.g. the best validation accuracy so far). */
  extra?: Record<string, unknown>;
}

/** Writes one part of a checkpoint (e.g. `model` via Backend.save, `optimizer`) into the directory given. */
export type PartWriter = (dir: string) => Promise<void> | void;

/** A checkpoint on disk. */
export interface CheckpointRef {
  step: number;
  /** Absolute directory: holds `state.json` and one subdirectory per part (`model/`, `optimizer/`). */
  dir: string;
}

const STATE_FILE = 'state.json';
const LATEST_FILE = 'latest.json';
const stepDirName = (step: number) => `step-${String(step).padStart(8, '0')}`;

/**
 * Checkpoints under `<runDir>/checkpoints/step-XXXXXXXX/`, written atomically: every part goes into a
 * temporary sibling directory first, `state.json` last, then one rename publishes it and
 * `latest.json` is replaced atomically. A crash at any point leaves the previous checkpoint as
 * `latest`. Older checkpoints beyond `keepLast` are deleted after the new one is published.
 */
export class CheckpointManager {
  readonly root: string;

  constructor(
    runDir: string,
    private readonly keepLast = 2,
  ) {
    if (!Number.isInteger(keepLast) || keepLast < 1) {
      throw new TrainingError(
        'CHECKPOINT_KEEP_INVALID',
        `CheckpointManager: keepLast must be an integer >= 1, got ${keepLast}`,
      );
    }
    this.root = join(runDir, 'checkpoints');
  }

  /** Write parts and loop state for `state.step`; returns where the checkpoint now lives. */
  async save(state: LoopState, parts: Record<string, PartWriter>): Promise<CheckpointRef> {
    mkdirSync(this.root, { recursive: true });
    const name = stepDirName(state.step);
    const final = join(this.root, name);
    const tmp = join(this.root, `.tmp-${name}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      for (const [part, write] of Object.entries(parts)) {
        if (part === STATE_FILE || part.includes('/') || part.startsWith('.')) {
          throw new TrainingError(
            'CHECKPOINT_PART_INVALID',
            `CheckpointManager.save: part name '${part}' must be a plain directory name`,
          );
        }
        const dir = join(tmp, part);
        mkdirSync(dir, { recursive: true });
        await write(dir);
      }
      writeJsonAtomic(join(tmp, STATE_FILE), {
        ...state,
        parts: Object.keys(parts),
        savedAt: new Date().toISOString(),
      });
      rmSync(final, { recursive: true, force: true });
      renameSync(tmp, final);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    writeJsonAtomic(join(this.root, LATEST_FILE), { step: state.step, dir: name });
    this.prune(state.step);
    return { step: state.step, dir: final };
  }

  /** The checkpoint `latest.json` points to, or undefined when the run has none yet. */
  latest(): CheckpointRef | undefined {
    const file = join(this.root, LATEST_FILE);
    if (!existsSync(file)) return undefined;
    let parsed: { step?: unknown; dir?: unknown };
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new TrainingError('CHECKPOINT_INVALID', `${file}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof parsed.step !== 'number' || typeof parsed.dir !== 'string') {
      throw new TrainingError(
        'CHECKPOINT_INVALID',
        `${file}: expected { step: number, dir: string }, got ${JSON.stringify(parsed)}`,
      );
    }
    const dir = join(this.root, parsed.dir);
    if (!existsSync(join(dir, STATE_FILE))) {
      throw new TrainingError('CHECKPOINT_INVALID', `${file} points to ${dir}, which has no ${STATE_FILE}`);
    }
    return { step: parsed.step, dir };
  }

  /** Read the loop state of a checkpoint, checking the fields resume relies on. */
  readState(ref: CheckpointRef): LoopState {
    const file = join(ref.dir, STATE_FILE);
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<LoopState>;
    if (typeof s.step !== 'number' || !s.rng || typeof s.cursors !== 'object' || s.cursors === null) {
      throw new TrainingError(
        'CHECKPOINT_INVALID',
        `${file}: expected fields step (number), rng and cursors; got keys ${Object.keys(s).join(', ')}`,
      );
    }
    return { step: s.step, rng: s.rng, cursors: s.cursors, extra: s.extra };
  }

  /** Every published checkpoint, oldest first. */
  list(): CheckpointRef[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root)
      .filter((n) => /^step-\d{8}$/.test(n))
      .sort()
      .map((n) => ({ step: Number(n.slice(5)), dir: join(this.root, n) }));
  }

  private prune(latestStep: number): void {
    const all = this.list().filter((c) => c.step <= latestStep);
    for (const c of all.slice(0, Math.max(0, all.length - this.keepLast)))
      rmSync(c.dir, { recursive: true, force: true });
  }
}
