import { createKernel } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import { KissingGrader } from './kissing-grader.js';
import plugin from './plugin.js';

const row = (...nz: [number, number][]) => {
  const v = new Array(11).fill(0);
  for (const [k, x] of nz) v[k] = x;
  return v;
};
const valid3 = JSON.stringify([row([0, 1], [1, 1]), row([0, 1], [1, -1]), row([2, 1], [3, 1])]);

describe('KissingGrader', () => {
  it('rewards a valid set with its size and puts the report in metadata', () => {
    const result = new KissingGrader().grade(valid3, '');
    expect(result).toMatchObject({ reward: 3, formatReward: 1, answerReward: 1 });
    expect(result.metadata).toMatchObject({
      valid: true,
      numPoints: 3,
      maxSquaredNorm: '2',
      minSquaredDistance: '4',
    });
  });

  it('gives 0 for an invalid set; formatReward says whether it was readable', () => {
    const tooClose = JSON.stringify([row([0, 2]), row([0, 1], [1, 1])]);
    expect(new KissingGrader().grade(tooClose, '')).toMatchObject({
      reward: 0,
      formatReward: 1,
      answerReward: 0,
    });
    expect(new KissingGrader().grade('I think 593', '')).toMatchObject({
      reward: 0,
      formatReward: 0,
      answerReward: 0,
    });
  });

  it('uses a numeric ground truth as the target count for answerReward', () => {
    const grader = new KissingGrader({ dimension: 11, reward: 'validity' });
    expect(grader.grade(valid3, 3)).toMatchObject({ reward: 1, answerReward: 1 });
    expect(grader.grade(valid3, 4)).toMatchObject({ reward: 0, answerReward: 0 });
  });

  it('is reachable through the kernel as Grader "kissing" with its config section', async () => {
    const kernel = await createKernel(
      { use: { grader: 'kissing' }, kissing: { dimension: 2 } },
      { plugins: [plugin] },
    );
    const grader = await kernel.get('Grader');
    expect(grader.name).toBe('kissing');
    expect((await grader.grade('[[1,0],[0,1]]', '')).reward).toBe(2);
    await expect(createKernel({ kissing: { reward: 'most' } }, { plugins: [plugin] })).rejects.toThrow(
      /kissing\.reward/,
    );
    await kernel.dispose();
  });
});
