export { attentionBias, MASKED } from './attention-bias.js';
export { type Attr, type Dim, ELEM_TYPE, type ElemType, OnnxGraph, type OpsetImport } from './onnx-graph.js';
export { gqaSupported } from './qwen-attention.js';
export {
  buildQwenGraph,
  QWEN_IO,
  QWEN_OPSET,
  type QwenAttentionKind,
  type QwenGraph,
  type QwenGraphKind,
  type QwenGraphOptions,
} from './qwen-graph.js';
export { ropeTables } from './rope-tables.js';
