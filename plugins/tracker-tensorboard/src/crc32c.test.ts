import { expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';

const ascii = (s: string) => new TextEncoder().encode(s);

it('matches the CRC-32C check value and the RFC 3720 test vectors', () => {
  expect(crc32c(ascii('123456789'))).toBe(0xe3069283);
  expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  expect(crc32c(new Uint8Array(0))).toBe(0);
});

it('masks as TFRecord does: rotr15 + 0xa282ead8 (value from an independent bitwise implementation)', () => {
  expect(maskedCrc32c(ascii('hello'))).toBe(0x191c1fbb);
  // by hand from the check value: rotr15(0xe3069283) = 0x2507c60d, + 0xa282ead8 = 0xc78ab0e5
  expect(maskedCrc32c(ascii('123456789'))).toBe(0xc78ab0e5);
});
