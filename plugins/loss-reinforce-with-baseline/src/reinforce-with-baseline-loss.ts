import { PolicyGradientLoss } from '@reasonrl/rl-math';
import type { ReinforceWithBaselineLossConfig } from './config.js';

/** -A * log p with the group-normalized advantage A per token, the REINFORCE policy gradient. `entropy` when token entropy is given. */
export class ReinforceWithBaselineLoss extends PolicyGradientLoss {
  constructor(config: ReinforceWithBaselineLossConfig) {
    super('reinforce_with_baseline', config);
  }
}
