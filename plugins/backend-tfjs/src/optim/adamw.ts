import * as tf from '@tensorflow/tfjs-core';
import { ADAMW_UPDATE, type AdamWUpdateAttrs } from '../wasm/adamw-update.js';

export interface AdamWSettings {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

/**
 * AdamW exactly as torch.optim.AdamW (decoupled weight decay, bias correction, eps added after the sqrt), one group:
 *   p <- p (1 - lr wd);  m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
 *   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * State (m, v per parameter name, and the step count t) can be exported and restored for exact resumption.
 */
export class AdamW {
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  /** Applies one update to `params` from `grads` (same names and shapes) with learning rate `lr`. */
  apply(
    params: ReadonlyMap<string, tf.Variable>,
    grads: ReadonlyMap<string, tf.Tensor>,
    settings: AdamWSettings,
  ): void {
    const [b1, b2] = settings.betas;
    const t = this.step + 1;
    const stepSize = settings.lr / (1 - b1 ** t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** t);
    const decay = 1 - settings.lr * settings.weightDecay;
    // On wasm one fused kernel per parameter (bit-identical to the ops below, see src/wasm/adamw-update.ts).
    const fused = tf.getBackend() === 'wasm' && tf.getKernel(ADAMW_UPDATE, 'wasm') !== undefined;
    const attrs: AdamWUpdateAttrs = { b1, b2, decay, sqrtBc2, eps: settings.eps, stepSize };
    for (const [name, p] of params) {
      const g = grads.get(name);
      if (!g) throw new Error(`AdamW: no gradient for parameter '${name}'`);
      if (g.shape.join(',') !== p.shape.join(',')) {
        throw new Error(`AdamW: gradient of '${name}' has shape [${g.shape}], the parameter [${p.shape}]`);
      }
      const m = this.slot(this.m, name, p);
      const v = this.slot(this.v, name, p);
      tf.tidy(() => {
        if (fused) {
          const [p1, m1, v1] = tf.engine().runKernel(ADAMW_UPDATE, { param: p, m, v, grad: g }, {
            ...attrs,
          } as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(m1);
          v.assign(v1);
          p.assign(p1);
          return;
        }
        const m1 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const decayed = tf.mul(p, decay);
        const denom = tf.add(tf.div(tf.sqrt(v1), sqrtBc2), settings.eps);
        m.assign(m1);
        v.assign(v1);
        p.assign(tf.sub(decayed, tf.mul(tf.div(m1, denom), stepSize)));
      });
    }
    this.step = t;
  }

  private slot(map: Map<string, tf.Variable>, name: string, p: tf.Variable): tf.Variable {
    let s = map.get(name);
    if (!s) {
      s = tf.tidy(() => tf.variable(tf.zerosLike(p), false));
      map.set(name, s);
    }
    return s;
  }

  dispose(): void {
    for (const s of [...this.m.values(), ...this.v.values()]) s.dispose();
    this.m.clear();
    this.v.clear();
  }
}
