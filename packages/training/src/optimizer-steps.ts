import type { Loss, LossOptions, OptimizerSettings, TrainStepResult } from '@reasonrl/core';
import { TrainingError } from './errors.js';
import type { StepTimer } from './step-timer.js';
import { selectRows } from './token-batch.js';
import type { TrainableBackend, TrainMicrobatch } from './trainable-backend.js';

/** How rows become optimizer steps: `trainBatchSize` rows per step, cut into `gradientAccumulationSteps` microbatches. */
export interface StepPlan {
  trainBatchSize: number;
  gradientAccumulationSteps: number;
}

/**
 * The microbatches of each optimizer step over `order` (row indices of `batch`): consecutive chunks
 * of `trainBatchSize` rows, each cut into microbatches of `trainBatchSize / gradientAccumulationSteps`
 * rows. A last, shorter chunk (fewer rows than a train batch) gives fewer microbatches.
 *
 * @returns steps[s][m] = row indices of microbatch m of optimizer step s.
 */
export function planOptimizerSteps(rows: number, plan: StepPlan): number[][][] {
  const { trainBatchSize, gradientAccumulationSteps } = plan;
  if (
    !Number.isInteger(trainBatchSize) ||
    trainBatchSize < 1 ||
    !Number.isInteger(gradientAccumulationSteps) ||
    gradientAccumulationSteps < 1
  ) {
    throw new TrainingError(
      'STEP_PLAN_INVALID',
      `planOptimizerSteps: trainBatchSize (${trainBatchSize}) and gradientAccumulationSteps (${gradientAccumulationSteps}) must be positive integers`,
    );
  }
  if (trainBatchSize % gradientAccumulationSteps !== 0) {
    throw new TrainingError(
      'STEP_PLAN_INVALID',
      `planOptimizerSteps: trainBatchSize (${trainBatchSize}) must be divisible by gradientAccumulationSteps (${gradientAccumulationSteps})`,
    );
  }
  const micro = trainBatchSize / gradientAccumulationSteps;
  const steps: number[][][] = [];
  for (let s = 0; s < rows; s += trainBatchSize) {
    const step: number[][] = [];
    for (let m = s; m < Math.min(s + trainBatchSize, rows); m += micro) {
      step.push(
        Array.from({ length: Math.min(micro, Math.min(s + trainBatchSize, rows) - m) }, (_, i) => m + i),
      );
    }
    steps.push(step);
  }
  return steps;
}

/**
 * Run the optimizer steps of `planOptimizerSteps` over the rows `order` of `batch` (timed as `train`
 * when a timer is given). Returns the backend's results in order. `oldLogProbsCurrent`: the batch's
 * old log-probs were scored at the backend's current weights, so they are current for the first step
 * (passed on to the backend as a speed hint; later steps follow weights that moved).
 */
export async function runOptimizerSteps(
  backend: TrainableBackend,
  batch: TrainMicrobatch,
  order: readonly number[],
  plan: StepPlan,
  loss: Loss,
  optimizer: OptimizerSettings,
  lossOptions: LossOptions,
  timer?: StepTimer,
  { oldLogProbsCurrent = false }: { oldLogProbsCurrent?: boolean } = {},
): Promise<TrainStepResult[]> {
  const results: TrainStepResult[] = [];
  const steps = planOptimizerSteps(order.length, plan);
  for (let s = 0; s < steps.length; s++) {
    const microbatches = steps[s].map((positions) =>
      selectRows(
        batch,
        positions.map((p) => order[p]),
      ),
    );
    const step = () =>
      backend.trainStep(microbatches, loss, optimizer, {
        lossOptions,
        returnTokenEntropy: true,
        oldLogProbsCurrent: oldLogProbsCurrent && s === 0 && batch.oldLogProbs !== undefined,
      });
    results.push(await (timer ? timer.time('train', step) : step()));
  }
  return results;
}
