import { z } from '@reasonrl/core';
import { lengthNormalizationFields } from '@reasonrl/rl-math';

/** Config section `reinforceWithBaselineLoss` (e.g. `--set reinforceWithBaselineLoss.lengthNormalization=masked_normalize`). */
export const ReinforceWithBaselineLossConfig = z.strictObject({ ...lengthNormalizationFields });
export type ReinforceWithBaselineLossConfig = z.infer<typeof ReinforceWithBaselineLossConfig>;
