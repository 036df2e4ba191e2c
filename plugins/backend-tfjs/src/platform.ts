import * as tf from '@tensorflow/tfjs-core';
import './gradients.js';
import { registerWasmKernels } from './wasm-kernels.js';

/**
 * Where tensors run:
 * - `tfjs-node-gpu`: TensorFlow C++ with CUDA (optional peer `@tensorflow/tfjs-node-gpu`; cannot install here).
 * - `tfjs-node`: TensorFlow C++ on CPU (optional peer `@tensorflow/tfjs-node`; cannot install here).
 * - `wasm`: XNNPACK in WebAssembly (SIMD), shipped inside `@tensorflow/tfjs-backend-wasm`; the fast path here.
 * - `cpu`: plain JavaScript kernels; slowest, always available.
 * - `auto`: the first of those, in that order, that loads.
 */
export const PLATFORMS = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type Platform = (typeof PLATFORMS)[number];
export type ConcretePlatform = Exclude<Platform, 'auto'>;

const BACKEND_OF: Record<ConcretePlatform, string> = {
  'tfjs-node-gpu': 'tensorflow',
  'tfjs-node': 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

export interface PlatformChoice {
  platform: ConcretePlatform;
  /** The tfjs backend name now active (`tensorflow`, `wasm`, `cpu`). */
  backend: string;
  /** Platforms tried before it and why each failed (for the run log). */
  skipped: { platform: ConcretePlatform; reason: string }[];
}

let active: ConcretePlatform | undefined;

/** The optional native packages are imported by a computed name, so bundlers and tsc never require them. */
async function importOptional(name: string): Promise<void> {
  await import(/* @vite-ignore */ name);
}

async function load(platform: ConcretePlatform): Promise<void> {
  switch (platform) {
    case 'tfjs-node-gpu':
      await importOptional('@tensorflow/tfjs-node-gpu');
      break;
    case 'tfjs-node':
      await importOptional('@tensorflow/tfjs-node');
      break;
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmKernels();
      break;
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      break;
  }
  const ok = await tf.setBackend(BACKEND_OF[platform]);
  if (!ok || tf.getBackend() !== BACKEND_OF[platform])
    throw new Error(`tfjs backend '${BACKEND_OF[platform]}' did not initialise`);
}

/**
 * Activates a tensor platform for the whole process (tfjs has one global engine). `auto` tries tfjs-node-gpu,
 * tfjs-node, wasm, cpu in order and keeps the first that loads, passing over those in `avoid` (with the reason, e.g.
 * a model too large for the wasm heap). Calling again with the active platform is free.
 */
export async function selectPlatform(
  requested: Platform = 'auto',
  options: { avoid?: Partial<Record<ConcretePlatform, string>> } = {},
): Promise<PlatformChoice> {
  if (!(PLATFORMS as readonly string[]).includes(requested)) {
    throw new Error(`unknown platform '${requested}' (expected one of ${PLATFORMS.join(', ')})`);
  }
  const avoid = requested === 'auto' ? (options.avoid ?? {}) : {};
  if (
    active &&
    (requested === 'auto' || requested === active) &&
    !avoid[active] &&
    tf.getBackend() === BACKEND_OF[active]
  ) {
    return { platform: active, backend: tf.getBackend(), skipped: [] };
  }
  const order: ConcretePlatform[] =
    requested === 'auto' ? ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] : [requested];
  const skipped: PlatformChoice['skipped'] = [];
  for (const platform of order) {
    const reason = avoid[platform];
    if (reason) {
      skipped.push({ platform, reason });
      continue;
    }
    try {
      await load(platform);
      active = platform;
      return { platform, backend: tf.getBackend(), skipped };
    } catch (err) {
      skipped.push({ platform, reason: (err as Error).message.split('\n')[0] });
    }
  }
  throw new Error(
    `no tensor platform could be loaded: ${skipped.map((s) => `${s.platform}: ${s.reason}`).join('; ')}`,
  );
}

/** The platform selectPlatform activated, if any. */
export function activePlatform(): ConcretePlatform | undefined {
  return active;
}

/** wasm32 addresses at most 4 GiB; keep headroom for activations and the allocator. */
export const WASM_HEAP_BUDGET_BYTES = 3 * 1024 ** 3;

/**
 * Bytes of float32 state a model of `numParams` parameters holds on the heap: weights only for inference, or weights,
 * gradients and AdamW's two moments for training.
 */
export function stateBytes(numParams: number, training: boolean): number {
  return numParams * 4 * (training ? 4 : 1);
}
