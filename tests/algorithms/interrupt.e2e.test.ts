import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { definePlugin, type Tracker } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

it('an interrupt (Ctrl-C) stops after the current step and checkpoints it', async () => {
  const runDir = newRunDir();
  const controller = new AbortController();
  // A real tracker chain: jsonl for the file, plus one that presses Ctrl-C once step 1 is logged.
  const interrupter = definePlugin({
    name: 'test:interrupter',
    description: 'aborts the run after step 1',
    provides: [
      {
        kind: 'Tracker',
        name: 'interrupter',
        description: 'abort after step 1',
        create: (): Tracker => ({
          name: 'interrupter',
          log: (step) => (step >= 1 ? controller.abort() : undefined),
        }),
      },
    ],
  });
  const set = [
    'grpo.nGrpoSteps=4',
    'grpo.checkpointEvery=0',
    'grpo.evalAtStart=false',
    'grpo.evalExamples=0',
    'grpo.alsoLogTo=[interrupter]',
  ];
  await runConfig(configPath('grpo-learn.yaml'), {
    runDir,
    set,
    signal: controller.signal,
    extraPlugins: [testGradersPlugin(), interrupter],
  });
  expect(readMetrics(runDir).map((r) => r.step)).toEqual([1]);
  expect(existsSync(join(runDir, 'checkpoints', 'step-00000001', 'state.json'))).toBe(true);
});
