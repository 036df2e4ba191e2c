import { TrainingError } from './errors.js';
import { SeededRng } from './seeded-rng.js';

/** Where a cursor is: which pass over the data and how far into it. Saved in checkpoints. */
export interface DataCursorState {
  /** Number of examples in the data set the cursor was made for (checked on resume). */
  size: number;
  seed: number;
  /** 0-based pass over the data. */
  epoch: number;
  /** Examples already taken in this epoch. */
  offset: number;
}

/**
 * Walks a data set of `size` examples in a fresh seeded random order every epoch, without
 * replacement inside an epoch, so a batch of questions (GRPO's `n_prompts_per_rollout_batch`, EI's
 * `eiBatchSize`) never repeats a question until all were seen. The order of epoch `e` is a function of
 * `(seed, e)` alone, so the state is four numbers and a resumed run takes the same indices.
 */
export class DataCursor {
  private order: number[];
  private state: DataCursorState;

  constructor(size: number, seed: number, options: { shuffle?: boolean } = {}) {
    if (!Number.isInteger(size) || size <= 0) {
      throw new TrainingError(
        'DATA_EMPTY',
        `DataCursor: the data set must have at least one example, got size ${size}`,
      );
    }
    this.shuffle = options.shuffle ?? true;
    this.state = { size, seed, epoch: 0, offset: 0 };
    this.order = this.orderOf(0);
  }

  private readonly shuffle: boolean;

  static fromState(state: DataCursorState, size: number, options: { shuffle?: boolean } = {}): DataCursor {
    if (state.size !== size) {
      throw new TrainingError(
        'DATA_CURSOR_MISMATCH',
        `DataCursor: the checkpoint's cursor was saved for ${state.size} examples but the data set now has ${size}; resume with the same data`,
      );
    }
    if (
      !Number.isInteger(state.offset) ||
      state.offset < 0 ||
      state.offset > size ||
      !Number.isInteger(state.epoch) ||
      state.epoch < 0
    ) {
      throw new TrainingError(
        'DATA_CURSOR_INVALID',
        `DataCursor: invalid saved state ${JSON.stringify(state)}`,
      );
    }
    const c = new DataCursor(size, state.seed, options);
    c.state = { ...state };
    c.order = c.orderOf(state.epoch);
    return c;
  }

  getState(): DataCursorState {
    return { ...this.state };
  }

  get epoch(): number {
    return this.state.epoch;
  }

  /** The next `n` example indices, continuing into the next epoch (with a new order) when one ends. */
  next(n: number): number[] {
    if (!Number.isInteger(n) || n <= 0)
      throw new TrainingError(
        'BATCH_SIZE_INVALID',
        `DataCursor.next: n must be a positive integer, got ${n}`,
      );
    const out: number[] = [];
    while (out.length < n) {
      if (this.state.offset === this.state.size) {
        this.state.epoch += 1;
        this.state.offset = 0;
        this.order = this.orderOf(this.state.epoch);
      }
      const take = Math.min(n - out.length, this.state.size - this.state.offset);
      out.push(...this.order.slice(this.state.offset, this.state.offset + take));
      this.state.offset += take;
    }
    return out;
  }

  private orderOf(epoch: number): number[] {
    const identity = Array.from({ length: this.state.size }, (_, i) => i);
    if (!this.shuffle) return identity;
    // One generator per epoch, seeded from (seed, epoch) so no state but these two is needed.
    return new SeededRng((Math.imul(this.state.seed, 0x9e3779b1) + epoch) | 0).shuffle(identity);
  }
}
