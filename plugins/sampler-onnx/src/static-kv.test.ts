import { describe, expect, it } from 'vitest';
import { kvBuffers, widenSlots, widerStride } from './static-kv.js';

describe('widenSlots', () => {
  it('re-lays (slots, kvHeads, from, headDim) as (slots, kvHeads, to, headDim), every block in its new place', () => {
    const shape = { layers: 2, kvHeads: 2, headDim: 3, vocabSize: 8 };
    const [slots, from, to] = [3, 2, 5];
    const buffers = kvBuffers(shape, slots, to);
    // value of (layer, key|value, slot, head, token, d) in the narrow layout
    const v = (l: number, w: number, s: number, h: number, t: number, d: number) =>
      1 + l * 1000 + w * 500 + s * 100 + h * 20 + t * 4 + d;
    buffers.forEach((buf, l) => {
      [buf.key, buf.value].forEach((data, w) => {
        for (let s = 0; s < slots; s++)
          for (let h = 0; h < 2; h++)
            for (let t = 0; t < from; t++)
              for (let d = 0; d < 3; d++) data[((s * 2 + h) * from + t) * 3 + d] = v(l, w, s, h, t, d);
      });
    });
    widenSlots(buffers, slots, shape, from, to);
    buffers.forEach((buf, l) => {
      [buf.key, buf.value].forEach((data, w) => {
        for (let s = 0; s < slots; s++)
          for (let h = 0; h < 2; h++)
            for (let t = 0; t < from; t++)
              for (let d = 0; d < 3; d++)
                expect(data[((s * 2 + h) * to + t) * 3 + d]).toBe(v(l, w, s, h, t, d));
      });
    });
  });

  it('widerStride: unchanged while the need fits, else need + growth (at least capacity / 16), at most the capacity', () => {
    expect(widerStride(10, 10, 4, 32)).toBe(10);
    expect(widerStride(10, 11, 4, 32)).toBe(15); // growth 4 > 32 / 16
    expect(widerStride(10, 11, 4, 320)).toBe(31); // 320 / 16 = 20 > growth 4
    expect(widerStride(10, 30, 4, 32)).toBe(32);
  });
});
