import { expect, it } from 'vitest';
import { configPath, newRunDir, readMetrics, runConfig } from './harness.js';
import { testGradersPlugin } from './test-graders.js';

it('raises validation reward on an easy synthetic reward (fixed seed, margin 0.25)', async () => {
  const runDir = newRunDir();
  await runConfig(configPath('grpo-learn.yaml'), { runDir, extraPlugins: [testGradersPlugin()] });
  const vals = readMetrics(runDir).filter((r) => r['val/reward/total'] !== undefined);
  const before = vals[0];
  const after = vals[vals.length - 1];
  expect(before.step).toBe(0);
  console.log(
    `val reward: ${before['val/reward/total']} at step 0 -> ${after['val/reward/total']} at step ${after.step}`,
  );
  expect(
    (after['val/reward/total'] as number) - (before['val/reward/total'] as number),
  ).toBeGreaterThanOrEqual(0.25);
});
