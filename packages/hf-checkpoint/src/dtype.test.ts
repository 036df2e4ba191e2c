import { describe, expect, it } from 'vitest';
import { bf16ToF32, f16ToF32, f32ToBf16, f32ToF16, floatToHalf, halfToFloat } from './dtype.js';

describe('bfloat16', () => {
  it('decodes known bit patterns', () => {
    // 0x3f80 = 1.0, 0xc000 = -2.0, 0x3e80 = 0.25, 0x7f80 = +inf (top halves of the float32 patterns).
    const out = bf16ToF32(new Uint16Array([0x3f80, 0xc000, 0x3e80, 0x7f80, 0x0000]));
    expect([...out]).toEqual([1, -2, 0.25, Number.POSITIVE_INFINITY, 0]);
  });
  it('rounds float32 to nearest even', () => {
    // 1 + 2^-8 is exactly halfway between bf16 1.0 (0x3f80) and 1 + 2^-7 (0x3f81): ties go to even 0x3f80.
    // 1 + 3*2^-8 is halfway between 0x3f81 and 0x3f82: ties to even 0x3f82. 1 + 2^-8 + 2^-20 rounds up to 0x3f81.
    const src = new Float32Array([1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, -1.5]);
    expect([...f32ToBf16(src)]).toEqual([0x3f80, 0x3f82, 0x3f81, 0xbfc0]);
    expect(Number.isNaN(bf16ToF32(f32ToBf16(new Float32Array([Number.NaN])))[0])).toBe(true);
  });
});

describe('float16', () => {
  it('decodes normals, subnormals and specials', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504); // largest finite half
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x0400)).toBe(2 ** -14); // smallest normal
    expect(halfToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    expect([...f16ToF32(new Uint16Array([0x3555]))][0]).toBeCloseTo(0.333251953125, 12);
  });
  it('encodes with round-to-nearest-even, overflow to inf, subnormals', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // halfway to the next binade rounds to inf
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(2 ** -26)).toBe(0x0000); // below half the smallest subnormal
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002); // 1.5 ulp ties to even 2
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie -> even (up)
    expect(floatToHalf(-0)).toBe(0x8000);
  });
  it('round-trips every finite half exactly', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const finite = all.filter((h) => ((h >> 10) & 0x1f) !== 0x1f);
    expect([...f32ToF16(f16ToF32(finite))]).toEqual([...finite]);
  });
});
