import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { selectPlatform } from '../platform.js';
import { wasmPlatformLabel } from '../tfjs-backend.js';
import { ortMatMulStats, setWasmMatMulEngine } from './ort-batch-mat-mul.js';

// onnxruntime-node as if its binding could not be used (another version installed, native library missing, ...).
const REASON = 'onnxruntime-node 9.9.9 is installed; the synchronous binding is used only with 1.30.0';
vi.mock('../ort/ort-matmul.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../ort/ort-matmul.js')>()),
  OrtMatMul: { create: () => REASON },
}));

beforeAll(async () => {
  await selectPlatform('wasm');
});

describe('matmul engine without a usable onnxruntime', () => {
  it('auto falls back to XNNPACK with the reason logged, in the choice and in the platform label', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const choice = setWasmMatMulEngine('auto');
    expect(choice).toEqual({ engine: 'xnnpack', threads: 0, reason: REASON });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(REASON));
    expect(wasmPlatformLabel(choice)).toBe(`wasm/matmul-xnnpack (ort unavailable: ${REASON})`);
    warn.mockRestore();
  });

  it("'ort' throws with the reason and leaves the previous engine running", () => {
    setWasmMatMulEngine('xnnpack');
    expect(() => setWasmMatMulEngine('ort')).toThrow(`matmul engine 'ort' unavailable: ${REASON}`);
    const before = ortMatMulStats().calls;
    const y = tf.tidy(() => tf.matMul(tf.ones([128, 128]), tf.ones([128, 128]), false, true).dataSync());
    expect(y[0]).toBe(128);
    expect(ortMatMulStats().calls).toBe(before);
  });
});
