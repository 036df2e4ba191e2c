import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { expect, it } from 'vitest';
import { TensorboardTracker } from './tensorboard-tracker.js';
import { readRecords } from './tfrecord.js';

// The subset of tensorflow's event.proto / summary.proto / tensor.proto that TensorBoard reads, as published.
const PROTO = `
syntax = "proto3";
package tensorflow;
message Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
message Summary { message Value { string node_name = 7; string tag = 1; SummaryMetadata metadata = 9;
  oneof value { float simple_value = 2; TensorProto tensor = 8; } } repeated Value value = 1; }
message SummaryMetadata { message PluginData { string plugin_name = 1; bytes content = 2; } PluginData plugin_data = 1; }
message TensorShapeProto { message Dim { int64 size = 1; string name = 2; } repeated Dim dim = 2; bool unknown_rank = 3; }
message TensorProto { int32 dtype = 1; TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
`;

it('an independent protobuf decoder (protobufjs) reads the event file back', () => {
  const Event = protobuf.parse(PROTO).root.lookupType('tensorflow.Event');
  const dir = mkdtempSync(join(tmpdir(), 'tbpb-'));
  const t = new TensorboardTracker(dir, () => 1700000000.25);
  t.log(300, { loss: 0.125, 'reward/total': 0.75 });
  t.logText(301, 'rollouts', 'héllo </answer>');
  const events = readRecords(readFileSync(t.file)).map((r) =>
    Event.toObject(Event.decode(r), { longs: Number, bytes: String }),
  );
  expect(events[0]).toEqual({ wallTime: 1700000000.25, fileVersion: 'brain.Event:2' });
  expect(events[1]).toEqual({
    wallTime: 1700000000.25,
    step: 300,
    summary: {
      value: [
        { tag: 'loss', simpleValue: 0.125 },
        { tag: 'reward/total', simpleValue: 0.75 },
      ],
    },
  });
  const text = events[2].summary.value[0];
  expect(events[2].step).toBe(301);
  expect(text.tag).toBe('rollouts');
  expect(text.metadata.pluginData.pluginName).toBe('text');
  expect(text.tensor.dtype).toBe(7);
  expect(Buffer.from(text.tensor.stringVal[0], 'base64').toString('utf8')).toBe('héllo </answer>');
});
