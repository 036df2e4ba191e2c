import { z } from '@reasonrl/core';

/** Config section `grpoClipLoss` (e.g. `--set grpoClipLoss.cliprange=0.1`). */
export const GrpoClipLossConfig = z.strictObject({
  cliprange: z
    .number()
    .min(0)
    .default(0.2)
    .describe(
      'Epsilon of the trust region: the ratio pi/pi_old is clipped to [1 - eps, 1 + eps] (PPO, Schulman et al. 2017; CS336 A5 uses 0.2).',
    ),
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
export type GrpoClipLossConfig = z.infer<typeof GrpoClipLossConfig>;
