import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { activePlatform, selectPlatform, stateBytes } from './platform.js';

describe('selectPlatform', () => {
  it('auto skips the native platforms that are not installed and lands on wasm', async () => {
    const choice = await selectPlatform('auto');
    // tfjs-node(-gpu) are optional peers that cannot install on these machines; if one ever is, it wins.
    if (choice.platform === 'wasm') {
      expect(choice.skipped.map((s) => s.platform)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
      expect(choice.skipped[0].reason).toMatch(/tfjs-node-gpu/);
    }
    expect(choice.backend).toBe(tf.getBackend());
    expect(activePlatform()).toBe(choice.platform);
  });

  it('switches to cpu on request and computes the same numbers there', async () => {
    const onWasm = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([
            [5, 6],
            [7, 8],
          ]),
          false,
          true,
        )
        .arraySync(),
    );
    const choice = await selectPlatform('cpu');
    expect(choice).toMatchObject({ platform: 'cpu', backend: 'cpu' });
    const onCpu = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([
            [5, 6],
            [7, 8],
          ]),
          false,
          true,
        )
        .arraySync(),
    );
    expect(onCpu).toEqual([
      [17, 23],
      [39, 53],
    ]);
    expect(onWasm).toEqual(onCpu);
    await selectPlatform('wasm');
  });

  it('auto passes over a platform to avoid, with the reason, and stateBytes counts training state', async () => {
    const choice = await selectPlatform('auto', { avoid: { wasm: 'too big for the wasm heap' } });
    if (choice.platform === 'cpu') {
      expect(choice.skipped.at(-1)).toEqual({ platform: 'wasm', reason: 'too big for the wasm heap' });
    }
    expect(choice.platform).not.toBe('wasm');
    await selectPlatform('wasm');
    // Qwen2.5-Math-1.5B: 1.54e9 parameters -> 24.6 GB to train in float32 (weights, grads, 2 moments): not on wasm32.
    expect(stateBytes(1.54e9, true)).toBeCloseTo(24.64e9, -7);
    expect(stateBytes(1000, false)).toBe(4000);
  });

  it('reports a platform that cannot load, and rejects unknown names', async () => {
    await expect(selectPlatform('tfjs-node')).rejects.toThrow(
      /no tensor platform could be loaded: tfjs-node: .*tfjs-node/,
    );
    await expect(selectPlatform('webgpu' as never)).rejects.toThrow(/unknown platform 'webgpu'/);
  });
});
