import { definePlugin } from '@reasonrl/core';
import { PipelineConfig } from './config.js';
import { PipelineAlgorithm } from './pipeline-algorithm.js';

export { ensureTinyBaseModel, tinyModelConfig } from './base-model.js';
export { DEFAULT_STAGES, PipelineConfig, TinyModelConfig } from './config.js';
export {
  BASE_MODEL_DIR,
  PIPELINE_FILE,
  PipelineAlgorithm,
  RANDOM_BASE_MODEL,
  REPORT_FILE,
} from './pipeline-algorithm.js';
export { PRESETS, presetPath } from './presets.js';
export {
  type MetricRow,
  type PipelineReportData,
  readPipelineReportData,
  type StageReportData,
  type ValidationRow,
} from './report-data.js';
export {
  escapeHtml,
  HTML_REPORT_FILE,
  htmlReportFromData,
  REPORT_EXAMPLES,
  renderHtmlReport,
} from './report-html.js';
export { type PlannedStage, planStages } from './stage-plan.js';
export {
  readStageRecord,
  STAGE_FILE,
  type StageRecord,
  type StageValidation,
  writeStageRecord,
} from './stage-record.js';
export { formatStageTable, renderReport, stageTableRows } from './stage-table.js';
export { StageTracker } from './stage-tracker.js';
export { loadValidationSet } from './validation-set.js';

export default definePlugin({
  name: 'reasonrl:pipeline',
  description: 'Zero-shot eval, SFT, Expert Iteration, GRPO and a final eval in one run, with a stage table',
  configKey: 'pipeline',
  configSchema: PipelineConfig,
  provides: [
    {
      kind: 'Algorithm',
      name: 'pipeline',
      description: 'runs other Algorithms in order on the shared Backend/Sampler; validates after each stage',
      create: ({ options }) => new PipelineAlgorithm(options),
    },
  ],
});
