import * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceWasmKernel, type WasmHeapBackend } from './heap.js';
import { ortBatchMatMul } from './ort-batch-mat-mul.js';

/**
 * The wasm BatchMatMul sends only batch-1 products to XNNPACK; a batch > 1 takes a naive loop (measured 2-3x slower
 * than the same products one by one). This runs an untransposed batched product (equal batch dims, or one side of
 * batch 1) as single products on slices, copying each result into the output. Returns undefined when it does not
 * apply (batch 1, or general broadcasting), so the caller runs the original kernel.
 * a: (...batch, M, K), b: (...batch, K, N) -> (...batch, M, N).
 */
function batchedAsSingles(
  args: KernelArgs,
  single: (args: KernelArgs) => tf.TensorInfo,
): tf.TensorInfo | undefined {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = outerA.reduce((x, y) => x * y, 1);
  const batchB = outerB.reduce((x, y) => x * y, 1);
  const batch = Math.max(batchA, batchB);
  if (batch <= 1) return undefined;
  const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!sameOuter && batchA !== 1 && batchB !== 1) return undefined;
  const backend = args.backend as WasmHeapBackend;
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB); // (1, 1) with (4): (1, 4), as tfjs's kernel
  const out = backend.makeOutput([...outer, m, n], 'float32');
  // The i-th matrix copied straight from the heap. Not the wasm Slice kernel: it reads its whole input out of the
  // heap (readSync copies all `count` matrices) for every slice, which made a batch of B products cost O(B^2) copies
  // (measured: 32 attention products of 352x176 @ 176x32 took 236 ms, of which the products were ~8 ms).
  const take = (x: tf.TensorInfo, rows: number, cols: number, i: number, count: number): tf.TensorInfo => {
    if (count === 1) return { ...x, shape: [rows, cols] };
    const size = rows * cols;
    const part = backend.makeOutput([rows, cols], x.dtype); // allocate before taking views (heap growth detaches them)
    backend
      .typedArrayFromHeap(part)
      .set(backend.typedArrayFromHeap({ ...x, shape: [count * size] }).subarray(i * size, (i + 1) * size));
    return part;
  };
  for (let i = 0; i < batch; i++) {
    const ai = take(a, m, k, i, batchA);
    const bi = take(b, k, n, i, batchB);
    const ai2: tf.TensorInfo = { ...ai, shape: [m, k] };
    const bi2: tf.TensorInfo = { ...bi, shape: [k, n] };
    const yi = single({ ...args, inputs: { a: ai2, b: bi2 } });
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(yi), i * m * n);
    backend.disposeData(yi.dataId);
    if (batchA > 1) backend.disposeData(ai.dataId);
    if (batchB > 1) backend.disposeData(bi.dataId);
  }
  return out;
}

/**
 * Wraps the wasm BatchMatMul: products big enough go to onnxruntime when that engine is chosen (see
 * ort-batch-mat-mul.ts); the rest never reach XNNPACK's transposed path. tfjs 4.22's wasm kernel hands XNNPACK only
 * untransposed operands; with transposeA or transposeB it falls back to a naive loop, measured here 14x (transposeB)
 * to 20x (transposeA) slower on 512x512. `x @ W^T` (every linear layer) and most matMul gradients ask for a transpose,
 * so the wrapper materialises the transposed operand with the Transpose kernel (a copy, O(n^2)) and multiplies
 * untransposed (O(n^3)).
 */
export function fastBatchMatMul(): void {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  replaceWasmKernel('BatchMatMul', (original) => {
    const single = original as (args: KernelArgs) => tf.TensorInfo;
    return (args: KernelArgs) => {
      const viaOrt = ortBatchMatMul(args);
      if (viaOrt) return viaOrt;
      const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return batchedAsSingles(args, single) ?? single(args);
      const backend = args.backend as WasmHeapBackend;
      const swapLast = (x: tf.TensorInfo): tf.TensorInfo => {
        const perm = x.shape.map((_, i) => i);
        [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
        return transpose.kernelFunc({
          inputs: { x },
          backend: args.backend,
          attrs: { perm },
        } as never) as tf.TensorInfo;
      };
      const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
      const a2 = transposeA ? swapLast(a) : a;
      const b2 = transposeB ? swapLast(b) : b;
      try {
        const plain = {
          ...args,
          inputs: { a: a2, b: b2 },
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        };
        return batchedAsSingles(plain, single) ?? single(plain);
      } finally {
        if (a2 !== a) backend.disposeData(a2.dataId);
        if (b2 !== b) backend.disposeData(b2.dataId);
      }
    };
  });
}
