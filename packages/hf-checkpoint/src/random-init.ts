// mulberry32 lives in @reasonrl/core; re-exported here for this package's existing users.
export { mulberry32 } from '@reasonrl/core';

import { mulberry32 } from '@reasonrl/core';
import { expectedTensorShapes } from './expected-tensors.js';
import type { ModelConfig, NamedTensor } from './model-config.js';

export interface RandomInitOptions {
  seed?: number;
  /** Std of the normal init of every matrix (HF `initializer_range`, default 0.02). */
  std?: number;
  /** Std of the noise added around 1 (norm weights) and 0 (biases); 0 gives HF's exact 1 / 0 init. */
  normNoise?: number;
}

/**
 * Random weights for a config, by HF name: matrices ~ N(0, std^2), norm weights 1 (+ noise), biases 0 (+ noise), as
 * transformers' `_init_weights` does (the noise option mirrors the hf-tiny fixtures, so norms and biases matter).
 * Deterministic for a seed (Box-Muller on mulberry32).
 */
export function randomQwenTensors(
  config: ModelConfig,
  options: RandomInitOptions = {},
): Map<string, NamedTensor> {
  const rand = mulberry32(options.seed ?? 0);
  const std = options.std ?? 0.02;
  const noise = options.normNoise ?? 0;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const out = new Map<string, NamedTensor>();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const isNorm = name.endsWith('norm.weight');
    const isBias = name.endsWith('.bias');
    for (let i = 0; i < data.length; i++) {
      if (isNorm) data[i] = 1 + noise * normal();
      else if (isBias) data[i] = noise * normal();
      else data[i] = std * normal();
    }
    out.set(name, { shape, data });
  }
  return out;
}
