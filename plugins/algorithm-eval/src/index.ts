import { definePlugin } from '@reasonrl/core';
import { EvalConfig } from './config.js';
import { EvalAlgorithm } from './eval-algorithm.js';

export { CATEGORIES, type Category, categorize, countCategories } from '@reasonrl/training';
export { EvalConfig } from './config.js';
export { EvalAlgorithm, RESULTS_FILE, SUMMARY_FILE } from './eval-algorithm.js';
export { buildEvalRecord, type EvalRecord } from './eval-record.js';
export { type EvalExample, type EvalSummary, formatEvalTable, summarizeEval } from './eval-summary.js';
export { type LogProbsSummary, summarizeLogProbs } from './log-probs-summary.js';

export default definePlugin({
  name: 'reasonrl:eval',
  description: 'Zero-shot evaluation: generate one response per problem, grade it, count the categories.',
  configKey: 'eval',
  configSchema: EvalConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'eval',
      description: 'results.jsonl + summary.json (accuracy, format rate, categories, throughput); resumable',
      create: ({ options }) => new EvalAlgorithm(options),
    },
  ],
});
