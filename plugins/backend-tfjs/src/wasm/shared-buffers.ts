import type * as tf from '@tensorflow/tfjs-core';
import { type KernelArgs, replaceWasmKernel, type WasmHeapBackend } from './heap.js';

/**
 * Identity, and Cast to the dtype the tensor already has, return the input's buffer with one more reference (as the
 * cpu backend's Identity and the wasm Reshape do) instead of copying it. tfjs tensors are immutable (a Variable's
 * assign swaps its buffer, it never writes into it), so sharing is safe. It matters for training: the engine clones
 * (Identity) every tensor it saves for the backward pass, ~200 activation copies per step of the small model (~50 ms of
 * a ~1 s step), and tfjs-core's Multiply gradient casts its float32 operands to float32 (~40 ms per step of the
 * issue's config). Strings and real conversions keep the original kernels.
 */
export function shareBuffers(): void {
  const share = (args: KernelArgs): tf.TensorInfo => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    (args.backend as WasmHeapBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  replaceWasmKernel('Identity', (original) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    return x.dtype === 'string' ? original(args) : share(args);
  });
  replaceWasmKernel('Cast', (original) => (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    return x.dtype !== 'string' && x.dtype === args.attrs.dtype ? share(args) : original(args);
  });
}
