import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BestOfNPoint } from './pass-at-k.js';

/** The vega-lite spec of the plot: pass@N and Best@N (and the unbiased pass@k) against N, log2 x axis. */
export function bestOfNPlotSpec(points: readonly BestOfNPoint[], title: string): TopLevelSpec {
  const values = points.flatMap((p) => [
    { n: p.n, metric: 'pass@N', value: p.passAtN },
    { n: p.n, metric: 'Best@N', value: p.bestAtN },
    { n: p.n, metric: 'pass@k (unbiased)', value: p.passAtKUnbiased },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 420,
    height: 280,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'n',
        type: 'quantitative',
        title: 'N (samples per prompt)',
        scale: { type: 'log', base: 2 },
        axis: { values: points.map((p) => p.n) },
      },
      y: { field: 'value', type: 'quantitative', title: 'fraction of problems', scale: { domain: [0, 1] } },
      color: {
        field: 'metric',
        type: 'nominal',
        title: null,
        sort: ['pass@N', 'Best@N', 'pass@k (unbiased)'],
      },
      strokeDash: {
        condition: { test: "datum.metric === 'pass@k (unbiased)'", value: [4, 3] },
        value: [1, 0],
      },
    },
    config: { font: 'DejaVu Sans' },
  } as TopLevelSpec;
}

/** Render the plot to an SVG string (vega in Node, no canvas needed). */
export async function renderPlotSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterize an SVG to PNG with resvg (system fonts; 2x scale for sharp text). */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
