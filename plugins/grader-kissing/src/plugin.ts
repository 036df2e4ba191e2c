import { definePlugin, z } from '@reasonrl/core';
import { KissingGrader } from './kissing-grader.js';

export const KissingGraderConfig = z.strictObject({
  dimension: z
    .number()
    .int()
    .min(1)
    .max(1024)
    .default(11)
    .describe('Dimension every point must have (HW3: 11).'),
  reward: z
    .enum(['count', 'validity'])
    .default('count')
    .describe(
      'What the reward is. count: the number of points when the set is valid, else 0 (the discovery score). validity: 1 when valid and at least the target count (the ground truth), else 0.',
    ),
});
export type KissingGraderConfig = z.infer<typeof KissingGraderConfig>;

export const KISSING_GRADER_DEFAULTS: KissingGraderConfig = KissingGraderConfig.parse({});

export default definePlugin({
  name: 'reasonrl:kissing',
  description:
    'Exact verifier of kissing configurations: integer points with min pairwise distance >= max norm',
  configKey: 'kissing',
  configSchema: KissingGraderConfig,
  provides: [
    {
      kind: 'Grader',
      name: 'kissing',
      description:
        'Grades a JSON point set; reward = number of points if it is a valid kissing configuration',
      create: ({ options }) => new KissingGrader(options),
    },
  ],
});
