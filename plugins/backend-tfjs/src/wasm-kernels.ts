import * as tf from '@tensorflow/tfjs-core';

/** The parts of the wasm backend a JS kernel needs (its tensors live on the wasm heap). */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

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

const FAST_MATMUL = Symbol.for('reasonrl.wasmFastBatchMatMul');

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap };

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
  const backend = args.backend as WasmHeapBackend & { disposeData(dataId: object): void };
  const slice = tf.getKernel('Slice', 'wasm')!.kernelFunc;
  const [m, k] = a.shape.slice(-2);
  const n = b.shape[b.shape.length - 1];
  const outer = batchA >= batchB ? outerA : outerB;
  const out = backend.makeOutput([...outer, m, n], 'float32');
  const take = (x: tf.TensorInfo, rows: number, cols: number, i: number, count: number): tf.TensorInfo => {
    if (count === 1) return { ...x, shape: [rows, cols] };
    return slice({
      inputs: { x: { ...x, shape: [count, rows, cols] } },
      backend: args.backend,
      attrs: { begin: [i, 0, 0], size: [1, rows, cols] },
    } as never) as tf.TensorInfo;
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
 * Wraps the wasm BatchMatMul so it never reaches its transposed path. tfjs 4.22's wasm kernel hands XNNPACK only
 * untransposed operands; with transposeA or transposeB it falls back to a naive loop, measured here 14x (transposeB)
 * to 20x (transposeA) slower on 512x512. `x @ W^T` (every linear layer) and most matMul gradients ask for a transpose,
 * so the wrapper materialises the transposed operand with the Transpose kernel (a copy, O(n^2)) and multiplies
 * untransposed (O(n^3)).
 */
function wrapBatchMatMul(): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || (original as unknown as Record<symbol, boolean>)[FAST_MATMUL]) return;
  const kernelFunc = (args: KernelArgs) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB)
      return batchedAsSingles(args, original.kernelFunc as never) ?? original.kernelFunc(args as never);
    const backend = args.backend as { disposeData(dataId: object): void };
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
      return batchedAsSingles(plain, original.kernelFunc as never) ?? original.kernelFunc(plain as never);
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  const config = { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc, [FAST_MATMUL]: true };
  tf.registerKernel(config);
}

/**
 * Registers what reasonrl needs on the wasm backend (idempotent; call before the backend initialises): the missing
 * UnsortedSegmentSum (gradient of gather) and the BatchMatMul wrapper above.
 */
export function registerWasmKernels(): void {
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
    });
  }
  wrapBatchMatMul();
}
