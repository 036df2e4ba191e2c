import * as tf from '@tensorflow/tfjs-core';
import { OrtAdamW, type OrtAdamWScalars } from '../ort/ort-adamw.js';
import { OrtMatMul } from '../ort/ort-matmul.js';
import type { KernelArgs, WasmHeapBackend } from './heap.js';

/**
 * Who multiplies matrices on the wasm platform:
 * - `ort`: onnxruntime-node's MLAS GEMM (native, AVX2/AVX-512, multi-threaded), reading and writing the wasm heap
 *   in place; measured 4-5x XNNPACK's rate on the train step's products here (71 against 15 GFLOP/s, 2 cores).
 *   Fails if onnxruntime-node cannot load.
 * - `xnnpack`: the wasm backend's own XNNPACK (single-threaded, 128-bit SIMD) through src/wasm/batch-mat-mul.ts.
 * - `auto`: `ort` when onnxruntime-node loads, else `xnnpack` (the reason is logged and kept in the choice).
 */
export const MATMUL_ENGINES = ['auto', 'ort', 'xnnpack'] as const;
export type MatMulEngine = (typeof MATMUL_ENGINES)[number];

export interface MatMulChoice {
  engine: 'ort' | 'xnnpack';
  /** ORT intra-op threads (0 = onnxruntime's default, one per physical core); 0 for xnnpack. */
  threads: number;
  /** Why `auto` fell back to xnnpack. */
  reason?: string;
}

/**
 * Products below this many FLOPs (2*batch*M*N*K) stay on XNNPACK: one ORT call costs ~40-60 us (session run, waking
 * the pool thread, the binding's copy of the output). Measured with the train-step bench's crossover sweep
 * (BENCH_CROSSOVER=1; x @ W^T, dy @ W, dy^T @ x): at 1.8 MFLOP (96^3) XNNPACK still wins two of three, at 4.2 MFLOP
 * (128^3) ORT wins or ties all three, at 8.4 MFLOP it is 1.6-2.3x faster.
 */
export const ORT_MIN_FLOPS = 1 << 22;

interface State {
  requested: { engine: MatMulEngine; threads: number; minFlops: number };
  choice?: MatMulChoice;
  ort?: OrtMatMul;
  adamw?: OrtAdamW;
  /** Products run on ORT since the process started, their FLOPs, and the seconds spent in ORT's run. */
  calls: number;
  flops: number;
  seconds: number;
  /** AdamW parameter updates run on ORT. */
  adamwUpdates: number;
}

const state: State = {
  requested: { engine: 'auto', threads: 0, minFlops: ORT_MIN_FLOPS },
  calls: 0,
  flops: 0,
  seconds: 0,
  adamwUpdates: 0,
};

/**
 * How many products ORT has run in this process, their FLOPs (2*batch*M*N*K) and the seconds inside ORT's run (the
 * GEMMs and the binding's copy of each output), and how many AdamW parameter updates it ran, for benchmarks and tests.
 */
export function ortMatMulStats(): { calls: number; flops: number; seconds: number; adamwUpdates: number } {
  return { calls: state.calls, flops: state.flops, seconds: state.seconds, adamwUpdates: state.adamwUpdates };
}

/**
 * Chooses the wasm matMul engine for the process (tfjs has one engine) and returns what runs. `minFlops` is the size
 * from which products go to ORT (tests set 0 to route every product). Throws when `ort` is asked for and cannot load.
 */
export function setWasmMatMulEngine(
  engine: MatMulEngine = 'auto',
  options: { threads?: number; minFlops?: number } = {},
): MatMulChoice {
  if (!(MATMUL_ENGINES as readonly string[]).includes(engine)) {
    throw new Error(`unknown matmul engine '${engine}' (expected one of ${MATMUL_ENGINES.join(', ')})`);
  }
  const threads = options.threads ?? 0;
  if (!Number.isInteger(threads) || threads < 0) {
    throw new Error(`ORT matmul threads must be an integer >= 0 (0 = onnxruntime's default), got ${threads}`);
  }
  const minFlops = options.minFlops ?? ORT_MIN_FLOPS;
  if (!(minFlops >= 0)) throw new Error(`minFlops must be >= 0, got ${minFlops}`);
  if (state.ort && state.ort.threads !== threads) {
    state.ort.dispose();
    state.ort = undefined;
    state.adamw?.dispose();
    state.adamw = undefined;
  }
  const previous = { requested: state.requested, choice: state.choice };
  state.requested = { engine, threads, minFlops };
  state.choice = undefined;
  try {
    return wasmMatMulEngine();
  } catch (err) {
    // 'ort' could not load: keep the engine that ran before rather than failing every later product.
    state.requested = previous.requested;
    state.choice = previous.choice;
    throw err;
  }
}

/** The engine now in use (resolving the default `auto` on first use). */
export function wasmMatMulEngine(): MatMulChoice {
  if (state.choice) return state.choice;
  const { engine, threads } = state.requested;
  if (engine === 'xnnpack') {
    state.choice = { engine: 'xnnpack', threads: 0 };
    return state.choice;
  }
  const ort = state.ort ?? OrtMatMul.create(threads);
  if (typeof ort === 'string') {
    if (engine === 'ort') throw new Error(`matmul engine 'ort' unavailable: ${ort}`);
    console.warn(`reasonrl backend-tfjs: matMul on XNNPACK, not onnxruntime: ${ort}`);
    state.choice = { engine: 'xnnpack', threads: 0, reason: ort };
    return state.choice;
  }
  state.ort = ort;
  state.choice = { engine: 'ort', threads };
  return state.choice;
}

/**
 * Whether the wasm heap is a SharedArrayBuffer (tfjs's threaded wasm build, which Node does not load today):
 * onnxruntime-node's binding takes only plain ArrayBuffer-backed arrays, so those products stay on XNNPACK.
 */
function onSharedHeap(view: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && view.buffer instanceof SharedArrayBuffer;
}

/** Operand a or b as (batch, rows, cols) for ORT. */
function as3d(x: tf.TensorInfo): [number, number, number] {
  const r = x.shape.length;
  const batch = x.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return [batch, x.shape[r - 2], x.shape[r - 1]];
}

/**
 * BatchMatMul on ORT, or undefined when it does not apply (engine xnnpack, product below minFlops, not float32, empty,
 * or batch dims that broadcast other than "equal" or "one side has batch 1"), so the caller runs XNNPACK.
 * a: (...batchA, M, K) or (..., K, M) with transposeA; b: (...batchB, K, N) or (..., N, K) with transposeB
 * -> (...broadcast(batchA, batchB), M, N).
 */
export function ortBatchMatMul(args: KernelArgs): tf.TensorInfo | undefined {
  if (wasmMatMulEngine().engine !== 'ort' || !state.ort) return undefined;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2)
    return undefined;
  const [batchA, ra, ca] = as3d(a);
  const [batchB, rb, cb] = as3d(b);
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const n = transposeB ? rb : cb;
  if ((transposeB ? cb : rb) !== k) return undefined; // the kernel's own checks give the error message
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const same = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!same && batchA !== 1 && batchB !== 1) return undefined;
  const batch = Math.max(batchA, batchB);
  if (batch * m * n * k === 0 || 2 * batch * m * n * k < state.requested.minFlops) return undefined;
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const backend = args.backend as WasmHeapBackend;
  if (onSharedHeap(backend.typedArrayFromHeap(a))) return undefined;
  const out = backend.makeOutput([...outer, m, n], 'float32'); // before taking views: heap growth detaches them
  // b shared by the whole batch and a untransposed: one (batchA*M, K) @ (K, N) product instead of batchA small ones.
  const fold = batchB === 1 && batchA > 1 && !transposeA;
  const t0 = performance.now();
  try {
    state.ort.run({
      a: backend.typedArrayFromHeap(a) as Float32Array,
      aDims: fold ? [1, batchA * ra, ca] : [batchA, ra, ca],
      b: backend.typedArrayFromHeap(b) as Float32Array,
      bDims: [batchB, rb, cb],
      transposeA,
      transposeB,
      out: backend.typedArrayFromHeap(out) as Float32Array,
      outDims: fold ? [1, batch * m, n] : [batch, m, n],
    });
  } catch (err) {
    backend.disposeData(out.dataId);
    throw err;
  }
  state.seconds += (performance.now() - t0) / 1000;
  state.calls++;
  state.flops += 2 * batch * m * n * k;
  return out;
}

/** Row sums go to ORT from this many elements: the JS loop costs ~1-4 ns per element, an ORT call ~50-100 us. */
export const ORT_MIN_SUM_ELEMENTS = 1 << 16;

let ones = new Float32Array(0);

/**
 * Sum over the leading rows of x (rows, cols) into out (cols), as the product ones(1, rows) @ x on ORT (MLAS GEMV,
 * float32 accumulation): measured 0.2 ms against 5 ms for the JS row loop on (4096, 256), 0.55 against 16.6 ms on
 * (4096, 688). Returns false (nothing written) when the engine is not ort or x is smaller than ORT_MIN_SUM_ELEMENTS.
 * `x` and `out` are views of the heap taken after every allocation.
 */
export function ortSumRows(x: Float32Array, rows: number, cols: number, out: Float32Array): boolean {
  if (rows * cols < ORT_MIN_SUM_ELEMENTS || wasmMatMulEngine().engine !== 'ort' || !state.ort) return false;
  if (onSharedHeap(x)) return false;
  if (ones.length < rows) ones = new Float32Array(rows).fill(1);
  const t0 = performance.now();
  state.ort.run({
    a: ones.subarray(0, rows),
    aDims: [1, 1, rows],
    b: x,
    bDims: [1, rows, cols],
    transposeA: false,
    transposeB: false,
    out,
    outDims: [1, 1, cols],
  });
  state.seconds += (performance.now() - t0) / 1000;
  state.calls++;
  state.flops += 2 * rows * cols;
  return true;
}

/** AdamW updates go to ORT from this many elements per parameter (an ORT call costs ~50-100 us). */
export const ORT_MIN_ADAMW_ELEMENTS = 1 << 14;

/**
 * The fused AdamW update (src/wasm/adamw-update.ts) on ORT, bit-identical to it (see OrtAdamW). Returns false (nothing
 * written) when the engine is not ort or the parameter is smaller than ORT_MIN_ADAMW_ELEMENTS. Arrays are heap views
 * taken after every allocation.
 */
export function ortAdamWUpdate(
  inputs: { p: Float32Array; m: Float32Array; v: Float32Array; g: Float32Array },
  outputs: { p1: Float32Array; m1: Float32Array; v1: Float32Array },
  scalars: OrtAdamWScalars,
): boolean {
  if (inputs.p.length < ORT_MIN_ADAMW_ELEMENTS || wasmMatMulEngine().engine !== 'ort' || !state.ort)
    return false;
  if (onSharedHeap(inputs.p)) return false;
  if (!state.adamw) {
    const adamw = OrtAdamW.create(state.ort.threads);
    if (typeof adamw === 'string') return false; // unreachable: the matMul engine loaded the same binding
    state.adamw = adamw;
  }
  state.adamw.run(inputs, outputs, scalars);
  state.adamwUpdates++;
  return true;
}
