import { shuffleInPlace } from './random.js';
import { shellVectors } from './shell-vectors.js';

/** Shells up to this many points get a precomputed conflict graph (O(M^2 d) to build, O(degree) per move). */
const ADJACENCY_MAX_POINTS = 12_000;

interface ShellGraph {
  count: number;
  /** Shell points, shape (M, d), row-major. */
  pool: Int32Array;
  /** Conflict graph <x, y> > r/2 (x != y) in CSR form: neighbours of i are adjacency[offsets[i] .. offsets[i+1]]. */
  offsets: Int32Array | null;
  adjacency: Int32Array | null;
}

/** Shells and their conflict graphs, built once per (r, d) and shared by every walk on that shell. */
const graphs = new Map<string, ShellGraph>();

function shellGraph(r: number, d: number): ShellGraph {
  const key = `${r}:${d}`;
  const cached = graphs.get(key);
  if (cached) return cached;
  const { count, data: pool } = shellVectors(r, d);
  let offsets: Int32Array | null = null;
  let adjacency: Int32Array | null = null;
  if (count <= ADJACENCY_MAX_POINTS) {
    // O(M^2 d) once.
    const lists: number[][] = Array.from({ length: count }, () => []);
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += pool[i * d + k] * pool[j * d + k];
        if (2 * dot > r) {
          lists[i].push(j);
          lists[j].push(i);
        }
      }
    }
    offsets = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + lists[i].length;
    adjacency = new Int32Array(offsets[count]);
    for (const [i, l] of lists.entries()) adjacency.set(l, offsets[i]);
  }
  const graph = { count, pool, offsets, adjacency };
  graphs.set(key, graph);
  return graph;
}

/**
 * Local search for a large kissing set on one shell {x in Z^d : ||x||^2 = r}. Two shell points may
 * both be chosen iff <x, y> <= r/2 (then ||x - y||^2 = 2r - 2<x, y> >= r = max ||x||^2), so this is
 * a maximum independent set search in the "conflict" graph <x, y> > r/2. Moves, in the spirit of
 * iterated local search for independent sets (Andrade, Resende & Werneck 2012): force a random
 * outside point in, drop the chosen points it conflicts with, refill greedily with conflict-free
 * points, and keep the change when the set did not shrink.
 */
export class ShellSearch {
  readonly d: number;
  readonly r: number;
  /** Number of shell points M. */
  readonly size: number;
  /** Shell points, shape (M, d), row-major. */
  private readonly pool: Int32Array;
  /** conflicts[j] = how many chosen points conflict with pool point j (a chosen point conflicts with itself). */
  private readonly conflicts: Int32Array;
  private readonly chosenFlag: Uint8Array;
  private chosen: number[] = [];
  private readonly order: number[];
  /** The shared conflict graph (see `ShellGraph`), when M is small enough. */
  private readonly offsets: Int32Array | null;
  private readonly adjacency: Int32Array | null;

  constructor(
    r: number,
    d: number,
    private readonly random: () => number,
  ) {
    this.r = r;
    this.d = d;
    const graph = shellGraph(r, d);
    this.size = graph.count;
    this.pool = graph.pool;
    this.offsets = graph.offsets;
    this.adjacency = graph.adjacency;
    this.conflicts = new Int32Array(this.size);
    this.chosenFlag = new Uint8Array(this.size);
    this.order = Array.from({ length: this.size }, (_, i) => i);
  }

  /** Number of chosen points. */
  get count(): number {
    return this.chosen.length;
  }

  /** <pool[i], pool[j]>. */
  private dot(i: number, j: number): number {
    const { d, pool } = this;
    let s = 0;
    for (let k = 0; k < d; k++) s += pool[i * d + k] * pool[j * d + k];
    return s;
  }

  /** Add (delta = 1) or remove (delta = -1) point i's conflicts from every pool point. O(M d). */
  private touch(i: number, delta: 1 | -1): void {
    const { d, pool, size, conflicts, offsets, adjacency } = this;
    if (offsets && adjacency) {
      conflicts[i] += delta;
      for (let t = offsets[i]; t < offsets[i + 1]; t++) conflicts[adjacency[t]] += delta;
      return;
    }
    const half = this.r / 2;
    const o = i * d;
    for (let j = 0; j < size; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += pool[o + k] * pool[oj + k];
      if (s > half) conflicts[j] += delta;
    }
  }

  private add(i: number): void {
    this.chosen.push(i);
    this.chosenFlag[i] = 1;
    this.touch(i, 1);
  }

  private remove(i: number): void {
    const at = this.chosen.indexOf(i);
    this.chosen[at] = this.chosen[this.chosen.length - 1];
    this.chosen.pop();
    this.chosenFlag[i] = 0;
    this.touch(i, -1);
  }

  /** Add conflict-free points in a random order until none is left; returns the added indices. */
  private fill(): number[] {
    const added: number[] = [];
    shuffleInPlace(this.order, this.random);
    for (const j of this.order) {
      if (this.conflicts[j] === 0) {
        this.add(j);
        added.push(j);
      }
    }
    return added;
  }

  /** Start from scratch: a random greedy maximal set. */
  greedy(): void {
    for (const i of [...this.chosen]) this.remove(i);
    this.fill();
  }

  /** Replace the chosen set (pool indices), e.g. to continue from an earlier best. */
  restore(indices: readonly number[]): void {
    for (const i of [...this.chosen]) this.remove(i);
    for (const i of indices) this.add(i);
  }

  /** The chosen set as pool indices (a copy). */
  snapshot(): number[] {
    return [...this.chosen];
  }

  /**
   * One move: force a random outside point with at most `maxConflicts` conflicts in, drop what it
   * conflicts with, refill; undo unless the set kept its size, or lost one point and a coin with
   * `worsenProbability` says keep (a way off plateaus). Returns the new count.
   */
  step(maxConflicts = 2, worsenProbability = 0): number {
    const before = this.chosen.length;
    let v = -1;
    for (let tries = 0; tries < 64; tries++) {
      const j = Math.floor(this.random() * this.size);
      if (!this.chosenFlag[j] && this.conflicts[j] <= maxConflicts) {
        v = j;
        break;
      }
    }
    if (v < 0) return before;
    const half = this.r / 2;
    const dropped = this.chosen.filter((c) => this.dot(c, v) > half);
    for (const c of dropped) this.remove(c);
    this.add(v);
    const added = [v, ...this.fill()];
    const keepWorse =
      this.chosen.length === before - 1 && worsenProbability > 0 && this.random() < worsenProbability;
    if (this.chosen.length < before && !keepWorse) {
      for (const a of added) this.remove(a);
      for (const c of dropped) this.add(c);
    }
    return this.chosen.length;
  }

  /** The chosen points, shape (count, d). */
  points(): number[][] {
    return this.pointsOf(this.chosen);
  }

  /** Pool points by index (e.g. of a snapshot), shape (indices.length, d). */
  pointsOf(indices: readonly number[]): number[][] {
    return indices.map((i) => Array.from(this.pool.subarray(i * this.d, (i + 1) * this.d)));
  }
}
