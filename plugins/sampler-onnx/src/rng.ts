/**
 * A small seeded generator (SplitMix32-style mixing of a Weyl sequence): the same seed gives the same stream on
 * every machine. Each completion owns one, derived from (seed, prompt index, sample index), so a completion does not
 * depend on which other completions share its batch or on the KV memory budget.
 */
export class SeededRandom {
  private state: number;

  constructor(...seeds: number[]) {
    let h = 0x9e3779b9;
    for (const s of seeds) {
      // fold each 53-bit seed in as two 32-bit words
      h = mix32(h ^ (s >>> 0));
      h = mix32(h ^ Math.floor(s / 2 ** 32));
    }
    this.state = h >>> 0;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/** A 32-bit finaliser (MurmurHash3's fmix32 constants). */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A random seed when the caller gave none. */
export function drawSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
