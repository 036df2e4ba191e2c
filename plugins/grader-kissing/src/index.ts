export { parsePoints, type ExactPoints, type ParsePointsResult } from './parse-points.js';
export {
  exactSquaredDistance,
  exactSquaredNorm,
  minPairwiseSquaredDistance,
  type MinPair,
} from './pairwise.js';
export {
  verifyKissingConfiguration,
  type KissingFailure,
  type KissingFailureCode,
  type KissingReport,
  type PointsInput,
  type VerifyOptions,
} from './verify.js';
export { KissingGrader, type KissingGraderOptions } from './kissing-grader.js';
export { KissingGraderConfig, KISSING_GRADER_DEFAULTS } from './plugin.js';
export { default } from './plugin.js';
