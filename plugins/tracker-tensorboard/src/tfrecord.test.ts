import { expect, it } from 'vitest';
import { frameRecord, readRecords } from './tfrecord.js';

it('frames a record: length, masked crc of the length, data, masked crc of the data (little-endian)', () => {
  const framed = frameRecord(new TextEncoder().encode('hello'));
  expect([...framed]).toEqual([
    5,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // uint64 length 5
    0xea,
    0xb2,
    0x04,
    0x3e, // masked crc32c of the 8 length bytes = 0x3e04b2ea
    0x68,
    0x65,
    0x6c,
    0x6c,
    0x6f, // 'hello'
    0xbb,
    0x1f,
    0x1c,
    0x19, // masked crc32c('hello') = 0x191c1fbb
  ]);
});

it('reads back frames and names a corrupted one by offset', () => {
  const a = frameRecord(Uint8Array.of(1, 2, 3));
  const b = frameRecord(Uint8Array.of());
  const file = new Uint8Array([...a, ...b]);
  expect(readRecords(file).map((r) => [...r])).toEqual([[1, 2, 3], []]);
  file[13] ^= 1;
  expect(() => readRecords(file, 'ev')).toThrow('ev: bad data checksum in the record at byte 0');
  expect(() => readRecords(file.subarray(0, 5), 'ev')).toThrow('ev: truncated record header at byte 0');
});
