import { expect, it } from 'vitest';
import { formatSamples, trainStepMetrics } from './train-step-metrics.js';

it('maps a train step result to the stable metric names', () => {
  expect(
    trainStepMetrics(
      { loss: 0.5, gradNorm: 2, metadata: { entropy: 1.25, clipFraction: 0.1, other: 3 } },
      1e-5,
    ),
  ).toEqual({
    loss: 0.5,
    grad_norm: 2,
    learning_rate: 1e-5,
    token_entropy: 1.25,
    clip_fraction: 0.1,
  });
  expect(trainStepMetrics({ loss: 1, gradNorm: 0 }, 2)).toEqual({ loss: 1, grad_norm: 0, learning_rate: 2 });
});

it('formats a bounded number of samples', () => {
  const text = formatSamples(
    [
      { prompt: 'Q1', response: 'A1', reward: 1 },
      { prompt: 'Q2', response: 'A2', reward: 0 },
    ],
    1,
  );
  expect(text).toBe('### sample 0 (reward 1)\n**prompt** …Q1\n\n**response** A1');
});
