export { writeBytesAtomic, writeJsonAtomic } from './atomic-write.js';
export {
  bf16ToF32,
  DTYPE_BYTES,
  type FloatDtype,
  f16ToF32,
  f32ToBf16,
  f32ToF16,
  floatToHalf,
  halfToFloat,
} from './dtype.js';
export { CheckpointError } from './errors.js';
export { checkTensors, expectedTensorShapes } from './expected-tensors.js';
export { type Checkpoint, loadCheckpoint } from './load-checkpoint.js';
export { INDEX_FILE, loadSafetensors, loadSafetensorsFile, SINGLE_FILE } from './load-safetensors.js';
export type { ModelConfig, NamedTensor } from './model-config.js';
export { mulberry32, type RandomInitOptions, randomQwenTensors } from './random-init.js';
export { modelConfigToJson, parseModelConfig, readModelConfig } from './read-model-config.js';
export {
  MAX_HEADER_BYTES,
  readSafetensorsHeader,
  type SafetensorsHeader,
  type TensorEntry,
} from './safetensors-header.js';
export { type SaveCheckpointOptions, SIDE_FILES, saveCheckpoint } from './save-checkpoint.js';
export {
  encodeSafetensorsHeader,
  type SaveSafetensorsOptions,
  saveSafetensors,
  saveSafetensorsFile,
} from './save-safetensors.js';
export { tinyQwenConfig } from './tiny-config.js';
export { type PromptOutputBatch, tokenizePromptAndOutput } from './tokenize-prompt-and-output.js';
export { loadTokenizer, type TextTokenizer } from './tokenizer.js';
