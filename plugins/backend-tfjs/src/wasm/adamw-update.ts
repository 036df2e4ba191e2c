import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs, WasmHeapBackend } from './heap.js';
import { ortAdamWUpdate } from './ort-batch-mat-mul.js';

/** Kernel name of the fused AdamW update (wasm only; other backends run AdamW as tf ops). */
export const ADAMW_UPDATE = 'ReasonrlAdamWUpdate';

/** Scalars of one AdamW update, as the tf-ops version rounds them to float32 tensors. */
export interface AdamWUpdateAttrs {
  b1: number;
  b2: number;
  /** 1 - lr * weightDecay */
  decay: number;
  /** sqrt(1 - b2^t) */
  sqrtBc2: number;
  eps: number;
  /** lr / (1 - b1^t) */
  stepSize: number;
}

/**
 * One AdamW update of a parameter in a single pass over the heap, instead of 14 elementwise kernels (each a pass over
 * the parameter, and ~50 us of dispatch on a small one: ~350 kernels per step of a 2-layer model). Every operation is
 * the one `AdamW.apply` does with tf ops, in the same order, each rounded to float32 (Math.fround of a double result
 * is the correctly rounded float32 for +, -, *, / and sqrt of float32 inputs), so the results are bit-identical.
 * With the ort matMul engine, parameters of ORT_MIN_ADAMW_ELEMENTS or more take the same operations as an onnxruntime
 * graph (src/ort/ort-adamw.ts; also bit-identical, ~2x faster: JS loops over wasm-heap views run ~3x slower than over
 * plain typed arrays).
 * inputs: param, m, v, grad (same shape, float32) -> [param', m', v'].
 */
function adamwUpdate(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as WasmHeapBackend;
  const { param, m, v, grad } = args.inputs as Record<'param' | 'm' | 'v' | 'grad', tf.TensorInfo>;
  const a = args.attrs as unknown as AdamWUpdateAttrs;
  const f = Math.fround;
  const [b1, c1, b2, c2] = [f(a.b1), f(1 - a.b1), f(a.b2), f(1 - a.b2)];
  const [decay, sqrtBc2, eps, stepSize] = [f(a.decay), f(a.sqrtBc2), f(a.eps), f(a.stepSize)];
  // Allocate first: growing the heap detaches earlier views of it.
  const outs = [param, m, v].map((t) => backend.makeOutput([...t.shape], 'float32'));
  const [po, mo, vo] = outs.map((t) => backend.typedArrayFromHeap(t));
  const [p, m0, v0, g] = [param, m, v, grad].map((t) => backend.typedArrayFromHeap(t));
  const f32 = (x: tf.backend_util.TypedArray) => x as Float32Array;
  if (
    ortAdamWUpdate(
      { p: f32(p), m: f32(m0), v: f32(v0), g: f32(g) },
      { p1: f32(po), m1: f32(mo), v1: f32(vo) },
      { b1, c1, b2, c2, decay, sqrtBc2, eps, stepSize },
    )
  )
    return outs;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i];
    const m1 = f(f(m0[i] * b1) + f(gi * c1));
    const v1 = f(f(v0[i] * b2) + f(f(gi * gi) * c2));
    const denom = f(f(f(Math.sqrt(v1)) / sqrtBc2) + eps);
    mo[i] = m1;
    vo[i] = v1;
    po[i] = f(f(p[i] * decay) - f(f(m1 / denom) * stepSize));
  }
  return outs;
}

/** Registers the fused update on wasm (idempotent). */
export function registerAdamWUpdate(): void {
  if (tf.getKernel(ADAMW_UPDATE, 'wasm')) return;
  tf.registerKernel({
    kernelName: ADAMW_UPDATE,
    backendName: 'wasm',
    kernelFunc: adamwUpdate as unknown as tf.KernelFunc,
  });
}
