import type { NamedWeights } from '@reasonrl/core';
import { describe, expect, it } from 'vitest';
import { packWeights, unpackWeights } from './weight-pack.js';

describe('packWeights / unpackWeights', () => {
  const big = new Float32Array(1000).map((_, i) => i);
  const weights: NamedWeights = new Map([
    ['a', { shape: [2, 3], data: big.subarray(10, 16) }],
    ['b', { shape: [4], data: Float32Array.of(-1, 0.5, 2, 3) }],
  ]);

  it('round-trips names, shapes and values through a shared buffer, packing only the values of views', () => {
    const packed = packWeights(weights);
    expect(packed.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(packed.data.length).toBe(10); // not the 1000 floats behind `a`
    expect(packed.entries).toEqual([
      { name: 'a', shape: [2, 3], offset: 0, length: 6 },
      { name: 'b', shape: [4], offset: 6, length: 4 },
    ]);
    const { weights: back, data } = unpackWeights(structuredClone(packed));
    expect(data.buffer).toBeInstanceOf(ArrayBuffer); // ORT needs its own, unshared memory
    expect([...back.keys()]).toEqual(['a', 'b']);
    expect(back.get('a')!.shape).toEqual([2, 3]);
    expect([...back.get('a')!.data]).toEqual([10, 11, 12, 13, 14, 15]);
    expect([...back.get('b')!.data]).toEqual([-1, 0.5, 2, 3]);
    expect(back.get('b')!.data.buffer).toBe(data.buffer);
  });

  it('reuses buffers of the right size on both sides, and only those', () => {
    const first = packWeights(weights);
    const again = packWeights(
      new Map([...weights].map(([k, t]) => [k, { shape: t.shape, data: t.data.map((v) => v + 1) }])),
      first.data,
    );
    expect(again.data).toBe(first.data);
    expect(first.data[0]).toBe(11);
    expect(packWeights(weights, new Float32Array(new SharedArrayBuffer(12))).data.length).toBe(10);
    const own = new Float32Array(10);
    const out = unpackWeights(again, own);
    expect(out.data).toBe(own);
    expect(own[0]).toBe(11);
    // the receiver's copy does not change when the sender packs the next weights into its buffer
    packWeights(weights, first.data);
    expect(out.weights.get('a')!.data[0]).toBe(11);
    expect(unpackWeights(again, new Float32Array(3)).data.length).toBe(10);
  });
});
