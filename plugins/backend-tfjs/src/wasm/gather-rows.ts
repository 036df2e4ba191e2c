import type * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceWasmKernel, type WasmHeapBackend } from './heap.js';

/**
 * Wraps the wasm GatherV2 with a row copy for its common case: axis 0, no batch dims, a numeric input, i.e. embedding
 * lookups and picking rows of hidden states. The C++ kernel walks every element with full stride arithmetic (measured
 * ~22 ms for 2816 rows of 128 floats, the embedding lookup of one 16 x 176 batch); a row is one contiguous copy here.
 * Out-of-range ids throw as in the original. Other cases go to the original kernel.
 * x: (V, ...inner); indices: (...idx) int -> (...idx, ...inner).
 */
export function gatherRows(): void {
  replaceWasmKernel('GatherV2', (original) => (args: KernelArgs) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const { axis, batchDims } = args.attrs as { axis: number; batchDims: number };
    if (
      x.dtype === 'string' ||
      x.shape.length === 0 ||
      (axis !== 0 && axis !== -x.shape.length) ||
      batchDims
    ) {
      return original(args);
    }
    const backend = args.backend as WasmHeapBackend;
    const rows = x.shape[0];
    const innerShape = x.shape.slice(1);
    const inner = innerShape.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput([...indices.shape, ...innerShape], x.dtype); // before the views: heap growth
    const o = backend.typedArrayFromHeap(out);
    const xs = backend.typedArrayFromHeap(x);
    const ids = backend.typedArrayFromHeap(indices);
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i];
      if (!(r >= 0 && r < rows)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      o.set(xs.subarray(r * inner, (r + 1) * inner), i * inner);
    }
    return out;
  });
}
