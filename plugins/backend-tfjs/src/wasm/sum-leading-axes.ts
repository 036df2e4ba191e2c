import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceWasmKernel, type WasmHeapBackend } from './heap.js';
import { ortSumRows } from './ort-batch-mat-mul.js';

/**
 * Wraps the wasm Sum for reductions over leading axes (a bias or norm-weight gradient: (N, H) summed over N). The
 * wasm kernel first transposes the input so the reduced axes come last (measured ~9-18 ms for (4096, 256)); here the
 * rows are added in place on the heap, in row order, into float64 accumulators rounded once to float32 (~3 ms, and
 * no less accurate). An XNNPACK product ones(1, N) @ x was tried and is slower: XNNPACK repacks its right operand on
 * every new tensor (~13 ns per element). With the ort matmul engine, inputs of 64K elements or more are summed as the
 * product ones(1, N) @ x on onnxruntime instead (~25x faster on (4096, 256), see ortSumRows). Other reductions, and
 * non-float32 inputs, go to the original kernel.
 */
export function sumLeadingAxes(): void {
  replaceWasmKernel('Sum', (original) => (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32') return original(args);
    const rows = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
    const rest = x.shape.slice(axes.length);
    const cols = rest.reduce((p, q) => p * q, 1);
    const backend = args.backend as WasmHeapBackend;
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...rest] : rest, 'float32'); // before the views
    const xs = backend.typedArrayFromHeap(x);
    if (ortSumRows(xs as Float32Array, rows, cols, backend.typedArrayFromHeap(out) as Float32Array))
      return out;
    const acc = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) acc[c] += xs[base + c];
    }
    backend.typedArrayFromHeap(out).set(acc);
    return out;
  });
}
