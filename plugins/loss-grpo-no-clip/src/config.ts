import { z } from '@reasonrl/core';
import { lengthNormalizationFields } from '@reasonrl/rl-math';

/** Config section `grpoNoClipLoss` (e.g. `--set grpoNoClipLoss.lengthNormalization=masked_normalize`). */
export const GrpoNoClipLossConfig = z.strictObject({ ...lengthNormalizationFields });
export type GrpoNoClipLossConfig = z.infer<typeof GrpoNoClipLossConfig>;
