import type { Backend, TrainableBackend } from '@reasonrl/core';
import { TrainingError } from './errors.js';

// The training extension of a Backend lives in core (TrainableBackend); re-exported here for the loops.
export type { BatchTokenizer, TrainableBackend, TrainMicrobatch } from '@reasonrl/core';

const REQUIRED = [
  'trainStep',
  'saveOptimizerState',
  'loadOptimizerState',
  'loadWeights',
  'resetOptimizer',
] as const;

/** The backend as a TrainableBackend, or a clear error naming what it lacks. */
export function requireTrainable(backend: Backend, algorithm: string): TrainableBackend {
  const b = backend as Partial<TrainableBackend> & Backend;
  const missing: string[] = REQUIRED.filter((m) => typeof b[m] !== 'function');
  if (!b.tokenizer || typeof b.tokenizer.encode !== 'function') missing.push('tokenizer');
  if (missing.length) {
    throw new TrainingError(
      'BACKEND_NOT_TRAINABLE',
      `${algorithm}: backend '${backend.name}' cannot train: it lacks ${missing.join(', ')} (choose a trainable backend with use.backend, e.g. tfjs)`,
    );
  }
  return b as TrainableBackend;
}
