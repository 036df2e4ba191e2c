export { gradeAll } from '@reasonrl/core';
export {
  CheckpointManager,
  type CheckpointRef,
  type LoopState,
  type PartWriter,
} from './checkpoint-manager.js';
export { DataCursor, type DataCursorState } from './data-cursor.js';
export { TrainingError } from './errors.js';
export { FanoutTracker } from './fanout-tracker.js';
export { groupNormalizedAdvantages } from './group-advantages.js';
export { LOOP_CONFIG_FIELDS, type OptimizerConfigFields, optimizerSettingsOf } from './loop-config.js';
export { LoopRuntime } from './loop-runtime.js';
export { isKnownMetric, METRIC_NAMES, type MetricName } from './metric-names.js';
export { assertFiniteMetrics, GUARDED_METRICS, NonFiniteError } from './non-finite-guard.js';
export { planOptimizerSteps, runOptimizerSteps, type StepPlan } from './optimizer-steps.js';
export { holdOut, loadProblemSets } from './problem-sets.js';
export {
  CATEGORIES,
  type Category,
  categorize,
  countCategories,
} from './reward-categories.js';
export { openRolloutLoop, type RolloutLoop, type RolloutLoopConfig } from './rollout-loop.js';
export {
  logprobDiffMetrics,
  maskedMeanOf,
  responseLengthMetrics,
  rewardMetrics,
  std,
} from './rollout-stats.js';
export { type FlatRollouts, flattenRollouts } from './rollouts.js';
export { scoreBatch } from './score-batch.js';
export { type RngState, SeededRng } from './seeded-rng.js';
export { StepTimer, TIMING_PHASES, type TimingPhase } from './step-timer.js';
export { stopStringsFor } from './stop-strings.js';
export { buildTokenBatch, selectRows, sliceRows } from './token-batch.js';
export { formatSamples, trainStepMetrics } from './train-step-metrics.js';
export {
  type BatchTokenizer,
  requireTrainable,
  type TrainableBackend,
  type TrainMicrobatch,
} from './trainable-backend.js';
export { type ValidationRow, validate } from './validate.js';
