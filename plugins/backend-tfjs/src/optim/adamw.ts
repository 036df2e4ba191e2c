import * as tf from '@tensorflow/tfjs-core';

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
    for (const [name, p] of params) {
      const g = grads.get(name);
      if (!g) throw new Error(`AdamW: no gradient for parameter '${name}'`);
      const m = this.slot(this.m, name, p);
      const v = this.slot(this.v, name, p);
      tf.tidy(() => {
        const m1 = tf.add(tf.mul(m, b1), tf.mul(g, 1 - b1));
        const v1 = tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2));
        const decayed = tf.mul(p, 1 - settings.lr * settings.weightDecay);
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
