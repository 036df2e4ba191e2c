import type { Proposal, ProposalState, Proposer } from './proposer.js';
import { mulberry32 } from './random.js';
import { ShellSearch } from './shell-search.js';

export interface BaselineProposerOptions {
  /** Squared norm r of the shell searched (4: the 22 points 2e_i and the 5280 points with four entries +-1). */
  shell: number;
  /** Dimension d. */
  dimension: number;
  /** Seed of the search's random choices. */
  seed: number;
  /** Chance of keeping a move that loses one point (leaves plateaus; 0.1 reaches 582 on shell 4 here). */
  worsenProbability: number;
  /** Start a fresh random greedy set when the walk has not beaten its best for this many moves. */
  restartAfterMoves: number;
}

export const BASELINE_PROPOSER_DEFAULTS: BaselineProposerOptions = {
  shell: 4,
  dimension: 11,
  seed: 0,
  worsenProbability: 0.1,
  restartAfterMoves: 10_000,
};

/** One independent local-search walk (its own random stream) with its restart bookkeeping. */
interface Walk {
  search: ShellSearch;
  /** Best size since the last (re)start, and moves since it last grew. */
  best: number;
  movesSinceGain: number;
}

/**
 * The non-LLM proposer: local-search walks on an integer shell (see `ShellSearch`), one per candidate
 * slot, each with its own seed (`seed + slot`). Each round's budget is split over the `n` candidates;
 * candidate i continues walk i and proposes the best set that stretch of the walk saw (the loop keeps
 * the best of all). It needs no model, so the loop is usable and testable offline, and a model's scores
 * can be compared with it under the same verifier.
 */
export class BaselineProposer implements Proposer {
  readonly name = 'baseline';
  private readonly options: BaselineProposerOptions;
  private readonly walks: Walk[] = [];

  constructor(options: Partial<BaselineProposerOptions> = {}) {
    this.options = { ...BASELINE_PROPOSER_DEFAULTS, ...options };
    const { shell, dimension } = this.options;
    if (!Number.isInteger(shell) || shell < 1)
      throw new RangeError(`baseline: shell must be a positive integer, got ${shell}`);
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new RangeError(`baseline: dimension must be a positive integer, got ${dimension}`);
  }

  private walk(slot: number): Walk {
    if (!this.walks[slot]) {
      const { shell, dimension, seed } = this.options;
      const search = new ShellSearch(shell, dimension, mulberry32(seed + slot));
      search.greedy();
      this.walks[slot] = { search, best: search.count, movesSinceGain: 0 };
    }
    return this.walks[slot];
  }

  async propose(state: ProposalState, n: number): Promise<Proposal[]> {
    const { shell, worsenProbability, restartAfterMoves } = this.options;
    const proposals: Proposal[] = [];
    const perCandidate = Math.max(1, state.budgetMs / Math.max(1, n));
    for (let c = 0; c < n; c++) {
      const until = performance.now() + perCandidate;
      const walk = this.walk(c);
      const { search } = walk;
      const start = search.count;
      let bestHere = search.snapshot();
      let moves = 0;
      let restarts = 0;
      do {
        const count = search.step(2, worsenProbability);
        if (count > bestHere.length) bestHere = search.snapshot();
        if (count > walk.best) {
          walk.best = count;
          walk.movesSinceGain = 0;
        } else if (++walk.movesSinceGain > restartAfterMoves) {
          search.greedy();
          restarts++;
          walk.best = search.count;
          walk.movesSinceGain = 0;
        }
        moves++;
      } while (performance.now() < until);
      proposals.push({
        proposer: this.name,
        pointsText: JSON.stringify(search.pointsOf(bestHere)),
        note: `shell ||x||^2 = ${shell} (${search.size} points), walk ${c}: at ${start} -> ${search.count} points, best ${bestHere.length}, after ${moves} local-search moves and ${restarts} restarts`,
      });
    }
    return proposals;
  }
}
