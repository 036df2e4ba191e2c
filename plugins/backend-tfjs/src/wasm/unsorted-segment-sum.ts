import type * as tf from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from './heap.js';

/**
 * UnsortedSegmentSum on the wasm heap: out[s, ...] = sum of x[i, ...] over i with segmentIds[i] = s (ids outside
 * [0, numSegments) are dropped, as in TensorFlow). It is the gradient of `gather` (embedding lookups), which the wasm
 * backend of tfjs 4.22 does not register. x: (N, ...inner); segmentIds: (N) int -> (numSegments, ...inner).
 */
export function unsortedSegmentSumWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as WasmHeapBackend;
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = args.attrs.numSegments as number;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const innerShape = x.shape.slice(segmentIds.shape.length);
  const inner = innerShape.reduce((a, b) => a * b, 1);
  // Allocate first: growing the heap detaches earlier views of it.
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const o = backend.typedArrayFromHeap(out);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  o.fill(0);
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) o[dst + j] += xs[src + j];
  }
  return out;
}
