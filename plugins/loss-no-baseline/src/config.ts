import { z } from '@reasonrl/core';
import { lengthNormalizationFields } from '@reasonrl/rl-math';

/** Config section `noBaselineLoss` (e.g. `--set noBaselineLoss.lengthNormalization=masked_normalize`). */
export const NoBaselineLossConfig = z.strictObject({ ...lengthNormalizationFields });
export type NoBaselineLossConfig = z.infer<typeof NoBaselineLossConfig>;
