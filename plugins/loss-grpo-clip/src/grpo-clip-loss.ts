import { PolicyGradientLoss } from '@reasonrl/rl-math';
import type { GrpoClipLossConfig } from './config.js';

/** GRPO-Clip: -min(ratio * A, clip(ratio, 1 - eps, 1 + eps) * A) per token, ratio = pi / pi_old. Metric `clip_fraction`. `entropy` when token entropy is given. */
export class GrpoClipLoss extends PolicyGradientLoss {
  constructor(config: GrpoClipLossConfig) {
    super('grpo_clip', config);
  }
}
