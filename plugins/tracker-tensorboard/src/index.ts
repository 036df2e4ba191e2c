import { join } from 'node:path';
import { definePlugin, z } from '@reasonrl/core';
import { TensorboardTracker } from './tensorboard-tracker.js';

export { crc32c, maskedCrc32c } from './crc32c.js';
export { EVENT_FILE_VERSION, encodeEvent, encodeScalarValue, encodeTextValue } from './event-proto.js';
export { ProtobufWriter } from './protobuf-writer.js';
export { TensorboardTracker } from './tensorboard-tracker.js';
export { frameRecord, readRecords } from './tfrecord.js';

export const TensorboardTrackerConfig = z.strictObject({
  subdir: z
    .string()
    .default('tensorboard')
    .describe(
      'Folder inside the run directory for the event files (`tensorboard --logdir <runDir>` finds it).',
    ),
});

export default definePlugin({
  name: 'reasonrl:tracker-tensorboard',
  description: 'Metrics and text samples as TensorBoard event files in the run directory.',
  configKey: 'tensorboard',
  configSchema: TensorboardTrackerConfig,
  provides: [
    {
      kind: 'Tracker',
      name: 'tensorboard',
      description: 'TensorBoard event files (scalars + text) in <run.dir>/<tensorboard.subdir>',
      create: ({ kernel, options }) =>
        new TensorboardTracker(kernel.config.run.dir ? join(kernel.config.run.dir, options.subdir) : ''),
    },
  ],
});
