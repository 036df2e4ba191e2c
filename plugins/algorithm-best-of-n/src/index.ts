import { definePlugin } from '@reasonrl/core';
import { BestOfNAlgorithm } from './best-of-n-algorithm.js';
import { BestOfNConfig } from './config.js';

export { BestOfNAlgorithm, SAMPLES_FILE } from './best-of-n-algorithm.js';
export { BestOfNConfig } from './config.js';
export { type EvalSample, readEvalSamples } from './eval-reuse.js';
export {
  type BestOfNPoint,
  bestAtN,
  bestOfNCurves,
  passAtK,
  passAtN,
  type ScoredSample,
} from './pass-at-k.js';
export { bestOfNPlotSpec, renderPlotSvg, svgToPng } from './plot.js';
export { bestOfNReportHtml } from './report-html.js';
export { meanLogProb, type PromptSamples, type StoredSample } from './sample-record.js';
export {
  BESTOFN_FILE,
  type BestOfNResult,
  formatBestOfNTable,
  writeBestOfNResults,
} from './write-results.js';

export default definePlugin({
  name: 'reasonrl:best-of-n',
  description:
    'Best-of-N: N samples per prompt; pass@N, Best@N (highest mean log-prob) and the unbiased pass@k.',
  configKey: 'bestOfN',
  configSchema: BestOfNConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'best-of-n',
      description: 'bestofn.json, bestofn.svg/png and report.html from one generation pass; resumable',
      create: ({ options }) => new BestOfNAlgorithm(options),
    },
  ],
});
