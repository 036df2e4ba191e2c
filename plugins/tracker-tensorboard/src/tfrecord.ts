import { ReasonrlError } from '@reasonrl/core';
import { maskedCrc32c } from './crc32c.js';

/**
 * One TFRecord frame: `uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`,
 * all little-endian. TensorBoard event files are a sequence of these, one serialized Event each.
 */
export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Split a TFRecord file into its records, checking both checksums of each (names the byte offset of a bad one). */
export function readRecords(bytes: Uint8Array, file = '<bytes>'): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length)
      throw new ReasonrlError('TFRECORD_INVALID', `${file}: truncated record header at byte ${pos}`);
    const len = Number(view.getBigUint64(pos, true));
    if (view.getUint32(pos + 8, true) !== maskedCrc32c(bytes.subarray(pos, pos + 8))) {
      throw new ReasonrlError('TFRECORD_INVALID', `${file}: bad length checksum at byte ${pos}`);
    }
    const start = pos + 12;
    if (start + len + 4 > bytes.length)
      throw new ReasonrlError('TFRECORD_INVALID', `${file}: truncated record at byte ${pos} (length ${len})`);
    const data = bytes.subarray(start, start + len);
    if (view.getUint32(start + len, true) !== maskedCrc32c(data)) {
      throw new ReasonrlError('TFRECORD_INVALID', `${file}: bad data checksum in the record at byte ${pos}`);
    }
    out.push(data);
    pos = start + len + 4;
  }
  return out;
}
