import { z } from '@reasonrl/core';
import { cliprangeField, lengthNormalizationFields } from '@reasonrl/rl-math';

/** Config section `grpoClipLoss` (e.g. `--set grpoClipLoss.lengthNormalization=masked_normalize`). */
export const GrpoClipLossConfig = z.strictObject({ ...cliprangeField, ...lengthNormalizationFields });
export type GrpoClipLossConfig = z.infer<typeof GrpoClipLossConfig>;
