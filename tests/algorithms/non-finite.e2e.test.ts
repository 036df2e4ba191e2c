import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configPath, newRunDir, runConfig } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

it('stops on a NaN loss, names step and metric, and keeps the last good checkpoint', async () => {
  const runDir = newRunDir();
  // 32 rollouts per step: the grader turns NaN from the second step on, and no_baseline feeds rewards straight into the loss.
  const set = [
    'grpo.nGrpoSteps=3',
    'grpo.checkpointEvery=1',
    'grpo.lossType=no_baseline',
    'grpo.grader=breaks_after',
    'grpo.evalAtStart=false',
    'grpo.evalExamples=0',
  ];
  const err = await runConfig(configPath('grpo-learn.yaml'), {
    runDir,
    set,
    extraPlugins: [testGradersPlugin(32)],
  }).catch((e) => e);
  expect(err?.code).toBe('NON_FINITE');
  const kept = join(runDir, 'checkpoints', 'step-00000001');
  expect(err.message).toBe(
    `step 2: metric 'loss' is NaN; the run stops here and the last good checkpoint is kept at ${kept} (resume from the run directory with --resume)`,
  );
  expect(existsSync(join(kept, 'model', 'model.safetensors'))).toBe(true);
  expect(existsSync(join(runDir, 'checkpoints', 'step-00000002'))).toBe(false);
});
