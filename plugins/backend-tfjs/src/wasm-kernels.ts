import * as tf from '@tensorflow/tfjs-core';
import { registerAdamWUpdate } from './wasm/adamw-update.js';
import { fastBatchMatMul } from './wasm/batch-mat-mul.js';
import { gatherRows } from './wasm/gather-rows.js';
import { shareBuffers } from './wasm/shared-buffers.js';
import { sumLeadingAxes } from './wasm/sum-leading-axes.js';
import { unsortedSegmentSumWasm } from './wasm/unsorted-segment-sum.js';

export { unsortedSegmentSumWasm };

/**
 * Registers what reasonrl needs on the wasm backend of tfjs 4.22 (idempotent; call before the backend initialises):
 * the missing UnsortedSegmentSum (gradient of gather), and faster versions of BatchMatMul (transposes and batches
 * routed to XNNPACK), Identity / same-dtype Cast (shared buffers), GatherV2 (row copies) and Sum over leading axes
 * (rows added in place), and a fused AdamW update. Each is described in its file under src/wasm/.
 */
export function registerWasmKernels(): void {
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({
      kernelName: 'UnsortedSegmentSum',
      backendName: 'wasm',
      kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
    });
  }
  fastBatchMatMul();
  shareBuffers();
  gatherRows();
  sumLeadingAxes();
  registerAdamWUpdate();
}
