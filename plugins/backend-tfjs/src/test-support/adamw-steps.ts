import * as tf from '@tensorflow/tfjs-core';
import { AdamW } from '../optim/adamw.js';

/** Deterministic values in [-2, 2] for a parameter or a gradient (seed picks the sequence). */
export function sineValues(seed: number, size: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 7.1 + i * 1.3) * 2);
}

/**
 * Three AdamW steps on one (rows, cols) parameter with fixed gradients, on whatever AdamW kernel is registered now;
 * returns the parameter, m and v after them. The AdamW kernel tests run it once per kernel and compare bit for bit.
 */
export function threeAdamWSteps(rows: number, cols: number): Float32Array[] {
  const settings = { lr: 3e-3, betas: [0.9, 0.95] as [number, number], eps: 1e-8, weightDecay: 0.1 };
  const p = tf.variable(tf.tensor2d(sineValues(1, rows * cols), [rows, cols]));
  const opt = new AdamW();
  for (let k = 0; k < 3; k++) {
    const g = tf.tensor2d(sineValues(k + 2, rows * cols), [rows, cols]);
    opt.apply(new Map([['p', p]]), new Map([['p', g]]), settings);
    g.dispose();
  }
  const out = [p, opt.m.get('p')!, opt.v.get('p')!].map((t) => t.dataSync().slice() as Float32Array);
  opt.dispose();
  p.dispose();
  return out;
}
