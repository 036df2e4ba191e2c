import type { Backend } from '@reasonrl/core';
import { expect, it } from 'vitest';
import { requireTrainable } from './trainable-backend.js';

it('names what an inference-only backend lacks', () => {
  const inferenceOnly = { name: 'onnx', platform: 'cpu' } as unknown as Backend;
  expect(() => requireTrainable(inferenceOnly, 'grpo')).toThrow(
    "grpo: backend 'onnx' cannot train: it lacks trainStep, saveOptimizerState, loadOptimizerState, loadWeights, resetOptimizer, tokenizer (choose a trainable backend with use.backend, e.g. tfjs)",
  );
});
