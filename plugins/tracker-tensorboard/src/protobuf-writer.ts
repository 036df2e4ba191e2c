/** Wire types of the protobuf encoding. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

/**
 * A minimal protobuf (proto3 wire format) writer: enough for TensorBoard's Event, Summary and
 * TensorProto messages. Fields are appended in the order written; nested messages are written
 * as length-delimited bytes from another writer's `finish()`.
 */
export class ProtobufWriter {
  private chunks: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt(value);
    if (v < 0n) throw new RangeError(`ProtobufWriter: negative varint ${v} is not supported`);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v > 0n) byte |= 0x80;
      this.chunks.push(byte);
    } while (v > 0n);
  }

  private key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  uint64(field: number, value: number | bigint): this {
    this.key(field, VARINT);
    this.varint(value);
    return this;
  }

  double(field: number, value: number): this {
    this.key(field, FIXED64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, LENGTH_DELIMITED);
    this.varint(value.length);
    for (const x of value) this.chunks.push(x);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
