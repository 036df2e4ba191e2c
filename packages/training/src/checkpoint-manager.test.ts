import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointManager, type LoopState } from './checkpoint-manager.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ckpt-'));
const state = (step: number): LoopState => ({
  step,
  rng: { algorithm: 'sfc32', words: [1, 2, 3, step] },
  cursors: { train: { size: 10, seed: 0, epoch: 0, offset: step } },
  extra: { best: step / 10 },
});
const writeModel = (tag: string) => (dir: string) => writeFileSync(join(dir, 'model.bin'), tag);

describe('CheckpointManager', () => {
  it('publishes parts and state, points latest at it, and reads it back', async () => {
    const run = tmp();
    const m = new CheckpointManager(run);
    expect(m.latest()).toBeUndefined();
    const ref = await m.save(state(4), { model: writeModel('w4'), optimizer: writeModel('adam4') });
    expect(ref.dir).toBe(join(run, 'checkpoints', 'step-00000004'));
    expect(m.latest()).toEqual(ref);
    expect(readFileSync(join(ref.dir, 'model', 'model.bin'), 'utf8')).toBe('w4');
    expect(readFileSync(join(ref.dir, 'optimizer', 'model.bin'), 'utf8')).toBe('adam4');
    expect(m.readState(ref)).toEqual(state(4));
  });

  it('keeps the previous checkpoint as latest when a part fails, and leaves no temp dir', async () => {
    const run = tmp();
    const m = new CheckpointManager(run);
    await m.save(state(2), { model: writeModel('w2') });
    await expect(
      m.save(state(3), {
        model: () => {
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(m.latest()?.step).toBe(2);
    expect(readdirSync(m.root).sort()).toEqual(['latest.json', 'step-00000002']);
  });

  it('prunes to keepLast', async () => {
    const m = new CheckpointManager(tmp(), 2);
    for (const s of [1, 2, 3, 4]) await m.save(state(s), { model: writeModel(`w${s}`) });
    expect(m.list().map((c) => c.step)).toEqual([3, 4]);
    expect(existsSync(join(m.root, 'step-00000001'))).toBe(false);
  });

  it('explains a broken latest pointer', async () => {
    const m = new CheckpointManager(tmp());
    await m.save(state(1), { model: writeModel('w') });
    writeFileSync(join(m.root, 'latest.json'), '{"step":9,"dir":"step-00000009"}');
    expect(() => m.latest()).toThrow(/latest.json points to .*step-00000009, which has no state.json/);
    expect(() => new CheckpointManager(tmp(), 0)).toThrow(/keepLast must be an integer >= 1, got 0/);
  });
});
