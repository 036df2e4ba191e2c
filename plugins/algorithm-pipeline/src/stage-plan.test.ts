import { describe, expect, it } from 'vitest';
import { planStages } from './stage-plan.js';

describe('planStages', () => {
  it('numbers the default stages and adds the final eval', () => {
    expect(planStages(['eval', 'sft', 'ei', 'grpo']).map((s) => s.dir)).toEqual([
      '01-eval-zero-shot',
      '02-sft',
      '03-ei',
      '04-grpo',
      '05-eval-final',
    ]);
  });

  it('names a middle eval by its position and keeps the Algorithm names', () => {
    const plan = planStages(['sft', 'eval', 'grpo']);
    expect(plan.map((s) => [s.index, s.algorithm, s.label])).toEqual([
      [1, 'sft', 'sft'],
      [2, 'eval', 'eval-2'],
      [3, 'grpo', 'grpo'],
      [4, 'eval', 'eval-final'],
    ]);
  });

  it('rejects a training stage listed twice and a nested pipeline, naming the stage', () => {
    expect(() => planStages(['sft', 'sft'])).toThrow(/'sft' is listed twice/);
    expect(() => planStages(['pipeline'])).toThrow(/cannot contain 'pipeline'/);
  });
});
