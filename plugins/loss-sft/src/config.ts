import { z } from '@reasonrl/core';

/** Config section `sftLoss` (e.g. `--set sftLoss.normalizeConstant=1024`). */
export const SftLossConfig = z.strictObject({
  normalizeConstant: z
    .number()
    .positive()
    .default(1)
    .describe(
      "Divisor of each sequence's summed negative log-likelihood over its response tokens (CS336 sft_microbatch_train_step; default 1: the plain sum). A max length makes every token weigh the same across microbatches.",
    ),
});
export type SftLossConfig = z.infer<typeof SftLossConfig>;
