import { join } from 'node:path';
import { loadCheckpoint } from '@reasonrl/hf-checkpoint';
import { expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig, TINY_MODEL } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

// Off-policy grpo_clip (2 epochs per rollout batch), so old log-probs, optimizer moments, RNG and cursor all matter.
const SET = [
  'grpo.nGrpoSteps=2',
  'grpo.checkpointEvery=1',
  'grpo.lossType=grpo_clip',
  'grpo.epochsPerRolloutBatch=2',
  'grpo.trainBatchSize=16',
  'grpo.evalAtStart=false',
  'grpo.evalExamples=4',
];

async function finalWeights(runDir: string) {
  return (await loadCheckpoint(join(runDir, 'checkpoints', 'step-00000002', 'model'))).tensors;
}

it('N steps == N/2 steps + resume + N/2 steps (same final weights, bit for bit)', async () => {
  const straight = newRunDir();
  await runConfig(configPath('grpo-learn.yaml'), {
    runDir: straight,
    set: SET,
    extraPlugins: [testGradersPlugin()],
  });

  const split = newRunDir();
  await runConfig(configPath('grpo-learn.yaml'), {
    runDir: split,
    set: [...SET, 'grpo.nGrpoSteps=1'],
    extraPlugins: [testGradersPlugin()],
  });
  await runConfig(configPath('grpo-learn.yaml'), {
    runDir: split,
    set: SET,
    resume: true,
    extraPlugins: [testGradersPlugin()],
  });

  const a = await finalWeights(straight);
  const b = await finalWeights(split);
  const initial = (await loadCheckpoint(TINY_MODEL)).tensors;
  let moved = 0;
  for (const [name, t] of a) {
    expect(b.get(name)?.data, name).toEqual(t.data);
    for (let i = 0; i < t.data.length; i++)
      moved = Math.max(moved, Math.abs(t.data[i] - initial.get(name)!.data[i]));
  }
  expect(moved).toBeGreaterThan(1e-4); // training really changed the weights
  expect(readMetrics(split).map((r) => r.step)).toEqual(readMetrics(straight).map((r) => r.step));
});
