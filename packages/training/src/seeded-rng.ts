import { TrainingError } from './errors.js';

/** The four 32-bit words of an sfc32 generator: everything needed to continue its sequence. */
export interface RngState {
  algorithm: 'sfc32';
  /** [a, b, c, counter] as unsigned 32-bit integers. */
  words: [number, number, number, number];
}

/**
 * splitmix32: turns one 32-bit seed into a stream of well-mixed words (used only to seed sfc32).
 * Step: `x += 0x9e3779b9; z = x; z = (z ^ z>>>16) * 0x21f0aaad; z = (z ^ z>>>15) * 0x735a2d97; z ^= z>>>15`.
 */
function splitmix32(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/**
 * A small, fast, seeded generator (Chris Doty-Humphrey's sfc32) whose whole state is four numbers,
 * so a checkpoint can save it (`getState`) and a resumed run continues the exact same sequence
 * (`SeededRng.fromState`). Not for cryptography.
 */
export class SeededRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any integer (taken modulo 2^32); the first 12 outputs are discarded to mix the state. */
  constructor(seed: number) {
    if (!Number.isInteger(seed))
      throw new TrainingError('RNG_SEED_INVALID', `SeededRng: seed must be an integer, got ${seed}`);
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static fromState(state: RngState): SeededRng {
    const ok =
      state?.algorithm === 'sfc32' &&
      Array.isArray(state.words) &&
      state.words.length === 4 &&
      state.words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff);
    if (!ok) {
      throw new TrainingError(
        'RNG_STATE_INVALID',
        `SeededRng.fromState: expected { algorithm: 'sfc32', words: [4 uint32] }, got ${JSON.stringify(state)}`,
      );
    }
    const rng = new SeededRng(0);
    [rng.a, rng.b, rng.c, rng.d] = state.words;
    return rng;
  }

  getState(): RngState {
    return { algorithm: 'sfc32', words: [this.a, this.b, this.c, this.d] };
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new TrainingError(
        'RNG_RANGE_INVALID',
        `SeededRng.int: n must be an integer in [1, 2^32], got ${n}`,
      );
    }
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Fisher-Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A 32-bit seed for a child generator or a sampler call, drawn from this one. */
  fork(): number {
    return this.nextUint32();
  }
}
