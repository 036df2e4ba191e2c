import { PolicyGradientLoss } from '@reasonrl/rl-math';
import type { NoBaselineLossConfig } from './config.js';

/** -R * log p with the raw reward R per token, the REINFORCE policy gradient. `entropy` when token entropy is given. */
export class NoBaselineLoss extends PolicyGradientLoss {
  constructor(config: NoBaselineLossConfig) {
    super('no_baseline', config);
  }
}
