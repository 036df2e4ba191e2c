import { PolicyGradientLoss } from '@reasonrl/rl-math';
import type { GrpoNoClipLossConfig } from './config.js';

/** GRPO-No-Clip: -ratio * A per token, ratio = pi / pi_old, with no trust region. Metric `ratio_mean`. `entropy` when token entropy is given. */
export class GrpoNoClipLoss extends PolicyGradientLoss {
  constructor(config: GrpoNoClipLossConfig) {
    super('grpo_no_clip', config);
  }
}
