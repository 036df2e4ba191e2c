export * as tf from '@tensorflow/tfjs-core';
export { getResponseLogProbs, type ResponseLogProbs } from './get-response-log-probs.js';
export { CHUNK_FLOATS, labelLogProbsAndEntropy } from './label-log-probs.js';
export { type AttentionInputs, selfAttention, selfAttentionWithCache } from './model/attention.js';
export { additiveAttentionMask, MASKED } from './model/attention-mask.js';
export { KvCache } from './model/kv-cache.js';
export { linear } from './model/linear.js';
export { swigluMlp } from './model/mlp.js';
export { type ForwardOptions, QwenModel } from './model/qwen-model.js';
export { rmsNorm } from './model/rms-norm.js';
export { applyRope, defaultPositions, positionsFromMask, ropeTables } from './model/rope.js';
export { AdamW, type AdamWSettings } from './optim/adamw.js';
export { clipGradNorm, globalNorm } from './optim/clip-grad-norm.js';
export { type LrSchedule, learningRateAt } from './optim/lr-schedule.js';
export {
  loadOptimizerState,
  OPTIMIZER_FILE,
  saveOptimizerState,
  TRAINER_STATE_FILE,
} from './optim/optimizer-state.js';
export { OrtAdamW, type OrtAdamWScalars } from './ort/ort-adamw.js';
export {
  type BindingSession,
  loadOrtBinding,
  ORT_NODE_VERSION,
  OrtMatMul,
  type OrtMatMulOperands,
  type OrtModules,
} from './ort/ort-matmul.js';
export {
  activePlatform,
  type ConcretePlatform,
  PLATFORMS,
  type Platform,
  type PlatformChoice,
  selectPlatform,
  stateBytes,
  WASM_HEAP_BUDGET_BYTES,
} from './platform.js';
export { default, TfjsBackendConfig } from './plugin.js';
export { type SampledToken, sampleNextToken } from './sampler/sample-next-token.js';
export { cutAtStopString } from './sampler/stop-strings.js';
export { TfjsSampler } from './sampler/tfjs-sampler.js';
export { sftLoss } from './sft-loss.js';
export {
  autoTrainEngineSkip,
  DEFAULT_TRAINER_SETTINGS,
  TfjsBackend,
  type TfjsBackendOptions,
} from './tfjs-backend.js';
export { tinyQwenConfig } from './tiny-config.js';
export {
  type Microbatch,
  type MicrobatchLoss,
  type PolicyOutputs,
  Trainer,
  type TrainerSettings,
  type TrainStepOptions,
} from './trainer.js';
export {
  MATMUL_ENGINES,
  type MatMulChoice,
  type MatMulEngine,
  ORT_MIN_ADAMW_ELEMENTS,
  ORT_MIN_FLOPS,
  ORT_MIN_SUM_ELEMENTS,
  ortAdamWUpdate,
  ortBatchMatMul,
  ortMatMulStats,
  ortSumRows,
  setWasmMatMulEngine,
  wasmMatMulEngine,
} from './wasm/ort-batch-mat-mul.js';
export { registerWasmKernels, unsortedSegmentSumWasm } from './wasm-kernels.js';
