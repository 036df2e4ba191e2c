import { expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

// Swapping the loss is a config change only: one GRPO step with each of the other three losses (grpo_clip runs in grpo.e2e).
it.each(['no_baseline', 'reinforce_with_baseline', 'grpo_no_clip'])(
  'grpo with lossType %s trains with finite metrics',
  async (lossType) => {
    const runDir = newRunDir();
    const set = [
      `grpo.lossType=${lossType}`,
      'grpo.nGrpoSteps=1',
      'grpo.evalAtStart=false',
      'grpo.evalExamples=0',
      'grpo.rolloutBatchSize=16',
      'grpo.trainBatchSize=16',
    ];
    await runConfig(configPath('grpo-learn.yaml'), { runDir, set, extraPlugins: [testGradersPlugin()] });
    const [row] = readMetrics(runDir);
    for (const k of ['loss', 'grad_norm', 'token_entropy', 'reward/total'])
      expect(Number.isFinite(row[k]), `${k} = ${row[k]}`).toBe(true);
    expect(row.grad_norm).toBeGreaterThan(0);
  },
);
