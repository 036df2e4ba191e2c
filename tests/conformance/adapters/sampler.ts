// Adapters for the sampler area: the same Sampler checks run against every backend (onnx here, tfjs from the model
// area when it provides `loadTfjsSampler`).
import type { Sampler } from '@reasonrl/core';
import { OnnxSampler } from '@reasonrl/sampler-onnx';
import * as modelArea from './model.js';

export type SamplerKind = 'onnx' | 'tfjs';

/** True when `loadSampler(dir, kind)` can build that kind here. */
export function samplerAvailable(kind: SamplerKind): boolean {
  return kind === 'onnx' || typeof (modelArea as Record<string, unknown>).loadTfjsSampler === 'function';
}

/** The Sampler of `kind` for the Hugging Face checkpoint in `modelDir` (CPU, one ORT thread for onnx). */
export async function loadSampler(modelDir: string, kind: SamplerKind): Promise<Sampler> {
  if (kind === 'onnx') return OnnxSampler.load(modelDir, { intraOpNumThreads: 1 });
  if (kind === 'tfjs') {
    const load = (modelArea as Record<string, unknown>).loadTfjsSampler;
    if (typeof load !== 'function') {
      throw new Error(
        "loadSampler: the 'tfjs' sampler is not available (tests/conformance/adapters/model.ts exports no loadTfjsSampler)",
      );
    }
    return (load as (dir: string) => Promise<Sampler>)(modelDir);
  }
  throw new Error(`loadSampler: unknown kind '${String(kind)}' (expected 'onnx' or 'tfjs')`);
}
