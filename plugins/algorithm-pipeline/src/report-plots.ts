import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { PipelineReportData } from './report-data.js';
import {
  CATEGORIES,
  categoryCounts,
  type StageSpan,
  stageSpans,
  trainingPoints,
  validationPoints,
} from './report-series.js';

const CATEGORY_COLORS: Record<(typeof CATEGORIES)[number], string> = {
  'format 1, answer 1': '#2ca02c',
  'format 1, answer 0': '#ff7f0e',
  'format 0, answer 0': '#d62728',
  'format 0, answer 1': '#9467bd',
};

/** A plot of report.html: a stable id (the `data-plot` of its figure), a caption and its vega-lite spec. */
export interface ReportPlot {
  id: string;
  caption: string;
  spec: TopLevelSpec;
}

const WIDTH = 640;
const HEIGHT = 260;
// A font every Debian/Ubuntu desktop has; the browser falls back to its sans-serif elsewhere.
const CONFIG = { font: 'DejaVu Sans, sans-serif', view: { stroke: '#ddd' } };
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
// Steps are whole numbers: no ticks between them, no decimals on the labels.
const STEP_AXIS = { tickMinStep: 1, format: 'd' };

/** Vertical rules at the ends of the training stages and their labels, centred over each stage. */
function stageLayers(spans: readonly StageSpan[], x: 'step' | 'seconds') {
  const values = spans
    .filter((s) => s.algorithm !== 'eval')
    .map((s) => {
      const [a, b] = x === 'step' ? [s.startStep, s.endStep] : [s.startSeconds, s.endSeconds];
      return { label: s.label, end: b, middle: (a + b) / 2 };
    });
  if (!values.length) return [];
  return [
    {
      data: { values },
      mark: { type: 'rule', color: '#999', strokeDash: [3, 3] },
      encoding: { x: { field: 'end', type: 'quantitative' } },
    },
    {
      data: { values },
      mark: { type: 'text', baseline: 'top', dy: 4, color: '#555' },
      encoding: { x: { field: 'middle', type: 'quantitative' }, y: { datum: 1 }, text: { field: 'label' } },
    },
  ];
}

function validationPlot(data: PipelineReportData, x: 'step' | 'seconds'): ReportPlot {
  const points = validationPoints(data).filter((p) => p.seconds !== undefined || x === 'step');
  const title = x === 'step' ? 'training steps (cumulative)' : 'wall-clock seconds (cumulative)';
  return {
    id: x === 'step' ? 'validation-vs-steps' : 'validation-vs-seconds',
    caption:
      x === 'step'
        ? 'Validation accuracy and format rate against cumulative training steps: a filled point after each stage, a hollow one for validation inside a stage.'
        : 'Validation accuracy and format rate against cumulative wall-clock seconds (stage training + validation time).',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      layer: [
        ...stageLayers(stageSpans(data.stages), x),
        {
          data: { values: points },
          mark: { type: 'line', point: false, opacity: 0.6 },
          encoding: {
            x: { field: x, type: 'quantitative', title, axis: x === 'step' ? STEP_AXIS : {} },
            y: {
              field: 'value',
              type: 'quantitative',
              title: 'fraction of validation set',
              scale: { domain: [0, 1] },
            },
            color: { field: 'metric', type: 'nominal', title: null },
            order: { field: x, type: 'quantitative' },
          },
        },
        ...(['after stage', 'during stage'] as const).map((when) => ({
          data: { values: points },
          transform: [{ filter: `datum.when === '${when}'` }],
          // Filled: the pipeline's validation after the stage; hollow: the stage's own periodic validation.
          mark: { type: 'point', size: 60, strokeWidth: 2, filled: when === 'after stage' },
          encoding: {
            x: { field: x, type: 'quantitative' },
            y: { field: 'value', type: 'quantitative' },
            color: { field: 'metric', type: 'nominal', title: null },
            shape: {
              field: 'when',
              type: 'nominal',
              title: null,
              scale: { domain: ['after stage', 'during stage'] },
            },
          },
        })),
      ],
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/** A per-step line of some metrics, or undefined when no stage logged any of them. */
function perStepPlot(
  data: PipelineReportData,
  id: string,
  caption: string,
  metrics: readonly string[],
  yTitle: string,
): ReportPlot | undefined {
  const points = trainingPoints(data, metrics);
  if (!points.length) return undefined;
  return {
    id,
    caption,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values: points },
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'cumulativeStep',
          type: 'quantitative',
          title: 'training step (cumulative over stages)',
          axis: STEP_AXIS,
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: yTitle,
          scale: { zero: false },
          axis: { format: '~g' },
        },
        color: { field: 'stage', type: 'nominal', title: 'stage' },
        detail: { field: 'metric', type: 'nominal' },
      },
      config: CONFIG,
    } as TopLevelSpec,
  };
}

function rewardPlot(data: PipelineReportData): ReportPlot | undefined {
  const points = trainingPoints(data, ['reward/answer', 'reward/format', 'reward/total']);
  if (!points.length) return undefined;
  const stages = [...new Set(points.map((p) => p.stage))];
  return {
    id: 'training-reward',
    caption:
      'Mean reward of each step’s rollouts (train/reward/total, format, answer), per stage that samples rollouts (EI, GRPO).',
    spec: {
      $schema: SCHEMA,
      data: { values: points },
      facet: { column: { field: 'stage', type: 'nominal', title: null, sort: stages } },
      spec: {
        width: Math.max(180, Math.floor(WIDTH / stages.length) - 40),
        height: HEIGHT - 40,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'step', type: 'quantitative', title: 'step in stage', axis: STEP_AXIS },
          y: { field: 'value', type: 'quantitative', title: 'mean reward', scale: { domain: [0, 1] } },
          color: { field: 'metric', type: 'nominal', title: null },
          // Equal rewards draw the same line (total = answer under r1_zero): total comes last in the data, so it is
          // drawn on top, dashed, and the line below shows through.
          strokeDash: {
            field: 'metric',
            type: 'nominal',
            title: null,
            scale: {
              domain: ['reward/answer', 'reward/format', 'reward/total'],
              range: [
                [1, 0],
                [1, 0],
                [6, 4],
              ],
            },
          },
        },
      },
      resolve: { scale: { x: 'independent' } },
      config: CONFIG,
    } as TopLevelSpec,
  };
}

function categoryPlot(data: PipelineReportData): ReportPlot | undefined {
  const counts = categoryCounts(data);
  if (!counts.length) return undefined;
  const shown = CATEGORIES.filter((c) => counts.some((n) => n.category === c));
  return {
    id: 'validation-categories',
    caption:
      'Validation responses of each stage by grade: correct, well-formatted but wrong, and not in the expected format.',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: HEIGHT,
      data: { values: counts },
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'stage',
          type: 'nominal',
          title: null,
          sort: data.stages.map((s) => s.record.dir),
          axis: { labelAngle: 0 },
        },
        y: { field: 'count', type: 'quantitative', title: 'validation responses', stack: 'zero' },
        color: {
          field: 'category',
          type: 'nominal',
          title: null,
          sort: shown,
          scale: { domain: shown, range: shown.map((c) => CATEGORY_COLORS[c]) },
        },
        order: { field: 'categoryOrder', type: 'quantitative' },
      },
      transform: [
        { calculate: `indexof(${JSON.stringify(CATEGORIES)}, datum.category)`, as: 'categoryOrder' },
      ],
      config: CONFIG,
    } as TopLevelSpec,
  };
}

/**
 * The plots of report.html, in page order. A plot whose metric no stage logged is left out (the
 * page says so) rather than drawn empty.
 */
export function reportPlots(data: PipelineReportData): { plots: ReportPlot[]; missing: string[] } {
  const candidates: [string, ReportPlot | undefined][] = [
    ['validation against steps', validationPlot(data, 'step')],
    ['validation against wall-clock', validationPlot(data, 'seconds')],
    ['training reward per step (no stage logged reward/*)', rewardPlot(data)],
    [
      'token entropy (no stage logged token_entropy)',
      perStepPlot(
        data,
        'token-entropy',
        'Mean entropy (nats) of the next-token distribution over response tokens, per optimizer step.',
        ['token_entropy'],
        'token entropy (nats)',
      ),
    ],
    [
      'response length (no stage logged response_length/mean)',
      perStepPlot(
        data,
        'response-length',
        'Mean length in tokens of the rollouts sampled at each step.',
        ['response_length/mean'],
        'response length (tokens)',
      ),
    ],
    ['validation categories (no stage has a validation.jsonl)', categoryPlot(data)],
  ];
  return {
    plots: candidates.flatMap(([, p]) => (p ? [p] : [])),
    missing: candidates.flatMap(([what, p]) => (p ? [] : [what])),
  };
}

/**
 * Render a plot to an SVG string with vega's headless View (no canvas, no DOM). Element ids inside
 * the SVG (clip paths, gradients) get the plot's id as prefix, so several SVGs on one page never
 * point at each other's definitions.
 */
export async function renderReportPlotSvg(plot: ReportPlot): Promise<string> {
  const view = new vega.View(vega.parse(compile(plot.spec).spec), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${plot.id}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${plot.id}-$1)`);
}
