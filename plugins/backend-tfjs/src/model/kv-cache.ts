import * as tf from '@tensorflow/tfjs-core';
import { MASKED } from './attention-mask.js';

/**
 * Keys and values of every layer for the tokens seen so far, for incremental decoding. Per layer k, v:
 * (B, kvHeads, Tcached, headDim), rotated. `keyMask` (B, Tcached) marks real tokens; `nextPosition` (B) is each row's
 * next RoPE position.
 */
export class KvCache {
  k: tf.Tensor4D[] = [];
  v: tf.Tensor4D[] = [];
  keyMask: number[][] = [];
  nextPosition: number[] = [];

  get length(): number {
    return this.keyMask[0]?.length ?? 0;
  }

  /**
   * Positions of `newMask`'s tokens (B, t) continuing each row, and the additive mask (B, 1, 1, t, Tcached + t):
   * a new token attends to real cached tokens and to real new tokens up to itself. Advances the bookkeeping.
   */
  extend(newMask: readonly (readonly number[])[]): { positions: number[][]; mask: tf.Tensor } {
    const b = newMask.length;
    const t = newMask[0].length;
    if (this.keyMask.length === 0) {
      this.keyMask = Array.from({ length: b }, () => []);
      this.nextPosition = new Array<number>(b).fill(0);
    }
    if (b !== this.keyMask.length)
      throw new Error(`KvCache: batch of ${b} rows, cache holds ${this.keyMask.length}`);
    const past = this.length;
    const keys = past + t;
    const mask = new Float32Array(b * t * keys);
    const positions = newMask.map((row, r) => {
      let next = this.nextPosition[r];
      // HF's cumsum(mask) - 1, clamped at 0: a real token takes the next position, a pad repeats the last one.
      const pos = row.map((m) => (m ? next++ : Math.max(0, next - 1)));
      this.nextPosition[r] = next;
      return pos;
    });
    for (let r = 0; r < b; r++) {
      for (let i = 0; i < t; i++) {
        for (let j = 0; j < keys; j++) {
          const real = j < past ? this.keyMask[r][j] : j - past <= i ? newMask[r][j - past] : 0;
          mask[(r * t + i) * keys + j] = real ? 0 : MASKED;
        }
      }
    }
    for (const [r, row] of newMask.entries()) this.keyMask[r].push(...row);
    return { positions, mask: tf.tensor(mask, [b, 1, 1, t, keys]) };
  }

  /** Replaces layer `i`'s tensors (keeping the new ones alive outside tidy scopes). */
  set(i: number, k: tf.Tensor4D, v: tf.Tensor4D): void {
    this.k[i]?.dispose();
    this.v[i]?.dispose();
    this.k[i] = tf.keep(k);
    this.v[i] = tf.keep(v);
  }

  dispose(): void {
    tf.dispose([...this.k, ...this.v]);
    this.k = [];
    this.v = [];
  }
}
