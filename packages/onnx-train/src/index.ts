export { GraphOps } from './graph-ops.js';
export {
  type ForwardPass,
  type FusedStep,
  OrtTrainEngine,
  type OrtTrainEngineOptions,
  type TrainBatch,
} from './ort-train-engine.js';
export { buildTrainGraphs, TRAIN_IO, TRAIN_OPSET, type TrainGraphs } from './train-graphs.js';
