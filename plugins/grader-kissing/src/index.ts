export { KissingGrader, type KissingGraderOptions } from './kissing-grader.js';
export {
  exactSquaredDistance,
  exactSquaredNorm,
  type MinPair,
  minPairwiseSquaredDistance,
} from './pairwise.js';
export { type ExactPoints, type ParsePointsResult, parsePoints } from './parse-points.js';
export { default, KISSING_GRADER_DEFAULTS, KissingGraderConfig } from './plugin.js';
export {
  type KissingFailure,
  type KissingFailureCode,
  type KissingReport,
  type PointsInput,
  type VerifyOptions,
  verifyKissingConfiguration,
} from './verify.js';
