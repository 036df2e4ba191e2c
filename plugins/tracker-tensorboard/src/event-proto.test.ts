import { describe, expect, it } from 'vitest';
import { encodeEvent, encodeScalarValue, encodeTextValue } from './event-proto.js';

describe('TensorBoard protos (bytes worked out by hand from the wire format)', () => {
  it('scalar Value { tag: "loss", simple_value: 0.25f }', () => {
    expect([...encodeScalarValue('loss', 0.25)]).toEqual([
      0x0a, 4, 0x6c, 0x6f, 0x73, 0x73, 0x15, 0x00, 0x00, 0x80, 0x3e,
    ]);
  });

  it('Event { wall_time: 1.5, step: 3, summary { value: [loss] } }', () => {
    const bytes = encodeEvent({ wallTime: 1.5, step: 3, values: [encodeScalarValue('loss', 0.25)] });
    expect([...bytes]).toEqual([
      0x09,
      0,
      0,
      0,
      0,
      0,
      0,
      0xf8,
      0x3f, // field 1 double 1.5
      0x10,
      3, // field 2 varint 3
      0x2a,
      13, // field 5 Summary, 13 bytes
      0x0a,
      11, // Summary.value, 11 bytes
      0x0a,
      4,
      0x6c,
      0x6f,
      0x73,
      0x73,
      0x15,
      0x00,
      0x00,
      0x80,
      0x3e,
    ]);
  });

  it('file-version header event and multi-byte varint steps', () => {
    const header = encodeEvent({ wallTime: 0, step: 0, fileVersion: 'brain.Event:2' });
    expect([...header.subarray(9)]).toEqual([0x1a, 13, ...new TextEncoder().encode('brain.Event:2')]);
    const e = encodeEvent({ wallTime: 0, step: 300, values: [] });
    expect([...e.subarray(9, 12)]).toEqual([0x10, 0xac, 0x02]); // 300 = 0b10_0101100
  });

  it('text Value: tag, SummaryMetadata{plugin_data{plugin_name: "text"}}, DT_STRING scalar tensor', () => {
    expect([...encodeTextValue('s', 'hi')]).toEqual([
      0x0a,
      1,
      0x73, // tag 's'
      0x4a,
      8,
      0x0a,
      6,
      0x0a,
      4,
      0x74,
      0x65,
      0x78,
      0x74, // field 9 metadata -> plugin_data -> plugin_name 'text'
      0x42,
      8,
      0x08,
      7,
      0x12,
      0,
      0x42,
      2,
      0x68,
      0x69, // field 8 tensor: dtype 7, empty shape, string_val 'hi'
    ]);
  });
});
