export { CompletionText, type TokenDecoder } from './completion-text.js';
export { DEFAULT_ONNX_SAMPLER_CONFIG, OnnxSamplerConfig } from './config.js';
export {
  ConcatDecodeBatch,
  type DecodeBatch,
  type JoiningRow,
  type KvState,
  SharedDecodeBatch,
} from './decode-batch.js';
export { type DecoderModel, generateCompletions, type LoopOptions, type LoopStats } from './generate-loop.js';
export { GroupedDecodeBatch } from './grouped-decode-batch.js';
export { kvBytesPerToken, maxRowsForBudget } from './kv-budget.js';
export { type KvRowSource, packKvRows } from './kv-pack.js';
export { OnnxSampler } from './onnx-sampler.js';
export { default } from './plugin.js';
export { type ExecutionProvider, type QwenSessionOptions, QwenSessions } from './qwen-sessions.js';
export { drawSeed, SeededRandom } from './rng.js';
export { planRowBuckets, type RowBucketPlan } from './row-buckets.js';
export { logSumExp, sampleToken, type TokenChoice } from './sample-token.js';
export { resolveSamplingParams } from './sampling-params.js';
