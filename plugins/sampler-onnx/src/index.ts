export { CompletionText, type TokenDecoder } from './completion-text.js';
export { DEFAULT_ONNX_SAMPLER_CONFIG, OnnxSamplerConfig } from './config.js';
export {
  ConcatDecodeBatch,
  type DecodeBatch,
  type JoiningRow,
  type KvState,
  SharedDecodeBatch,
} from './decode-batch.js';
export {
  type DecoderModel,
  emptyLoopStats,
  generateCompletions,
  type LoopOptions,
  type LoopStats,
} from './generate-loop.js';
export { GroupedDecodeBatch } from './grouped-decode-batch.js';
export { kvBytesPerToken, maxRowsForBudget } from './kv-budget.js';
export { type KvRowSource, packKvRows } from './kv-pack.js';
export { LocalRollouts, type RolloutCall, type Rollouts } from './local-rollouts.js';
export { mergeLoopStats } from './merge-stats.js';
export { OnnxSampler } from './onnx-sampler.js';
export { default } from './plugin.js';
export { type ExecutionProvider, type QwenSessionOptions, QwenSessions } from './qwen-sessions.js';
export { drawSeed, SeededRandom } from './rng.js';
export { AUTO_WORKER_BYTES, rolloutWorkers } from './rollout-workers.js';
export { planRowBuckets, type RowBucketPlan } from './row-buckets.js';
export { type RowShare, splitRows } from './row-shares.js';
export { logSumExp, sampleToken, type TokenChoice } from './sample-token.js';
export { resolveSamplingParams } from './sampling-params.js';
export { type PackedWeights, packWeights, unpackWeights } from './weight-pack.js';
export { WorkerRollouts } from './worker-rollouts.js';
