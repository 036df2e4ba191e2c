import { ProtobufWriter } from './protobuf-writer.js';

/**
 * Encoders for the TensorBoard messages a tracker writes (field numbers from tensorflow's
 * event.proto, summary.proto, tensor.proto and tensor_shape.proto):
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }
 *   Value   { string tag = 1; float simple_value = 2; TensorProto tensor = 8; SummaryMetadata metadata = 9; }
 *   SummaryMetadata { PluginData plugin_data = 1; }   PluginData { string plugin_name = 1; }
 *   TensorProto { DataType dtype = 1 (DT_STRING = 7); TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
 */
export const EVENT_FILE_VERSION = 'brain.Event:2';
const DT_STRING = 7;

/** A scalar as TensorBoard's scalars dashboard reads it (`simple_value`, float32). */
export function encodeScalarValue(tag: string, value: number): Uint8Array {
  return new ProtobufWriter().string(1, tag).float(2, value).finish();
}

/** A text sample as TensorBoard's text plugin reads it: a scalar DT_STRING tensor tagged with plugin `text`. */
export function encodeTextValue(tag: string, text: string): Uint8Array {
  const tensor = new ProtobufWriter()
    .uint64(1, DT_STRING)
    .bytes(2, new Uint8Array(0)) // empty TensorShapeProto: a scalar
    .string(8, text)
    .finish();
  const pluginData = new ProtobufWriter().string(1, 'text').finish();
  const metadata = new ProtobufWriter().bytes(1, pluginData).finish();
  return new ProtobufWriter().string(1, tag).bytes(9, metadata).bytes(8, tensor).finish();
}

/** A serialized Event: either the file-version header or a Summary of the given encoded values. */
export function encodeEvent(event: {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values?: readonly Uint8Array[];
}): Uint8Array {
  const w = new ProtobufWriter().double(1, event.wallTime);
  if (event.step !== 0) w.uint64(2, event.step); // proto3 omits a zero scalar
  if (event.fileVersion !== undefined) w.string(3, event.fileVersion);
  if (event.values) {
    const summary = new ProtobufWriter();
    for (const v of event.values) summary.bytes(1, v);
    w.bytes(5, summary.finish());
  }
  return w.finish();
}
