import * as tf from '@tensorflow/tfjs-core';

/** The parts of the wasm backend a JS kernel needs (its tensors live on the wasm heap). */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
  disposeData(dataId: object): void;
  incRef(dataId: object): void;
}

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs: tf.NamedAttrMap };
export type WasmKernelFunc = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/**
 * Re-registers the wasm kernel `name` with `make(original)`'s function, once: a marker on the registered config makes
 * a second call (or a second copy of this module) a no-op. Does nothing when the kernel is not registered.
 */
export function replaceWasmKernel(name: string, make: (original: WasmKernelFunc) => WasmKernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  const marker = Symbol.for(`reasonrl.wasm.${name}`);
  if (!original || (original as unknown as Record<symbol, boolean>)[marker]) return;
  const kernelFunc = make(original.kernelFunc as unknown as WasmKernelFunc);
  tf.unregisterKernel(name, 'wasm');
  const config = { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc, [marker]: true };
  tf.registerKernel(config);
}
