import { z } from '@reasonrl/core';

/** Config section `grpoNoClipLoss` (e.g. `--set grpoNoClipLoss.lengthNormalization=masked_normalize`). */
export const GrpoNoClipLossConfig = z.strictObject({
  lengthNormalization: z
    .enum(['masked_mean', 'masked_normalize'])
    .default('masked_mean')
    .describe(
      "How a sequence's token losses become one number. masked_mean: divide by its own response length (GRPO, Shao et al. 2024; CS336 default). masked_normalize: divide by normalizeConstant, so every token weighs the same (Dr. GRPO, Liu et al. 2025).",
    ),
  normalizeConstant: z
    .number()
    .positive()
    .default(1024)
    .describe(
      'Divisor for masked_normalize, normally the max generation length (CS336 sampling_max_tokens = 1024); ignored by masked_mean.',
    ),
});
export type GrpoNoClipLossConfig = z.infer<typeof GrpoNoClipLossConfig>;
