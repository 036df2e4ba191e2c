import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@reasonrl/run-io';
import type { BestOfNPoint } from './pass-at-k.js';
import { bestOfNPlotSpec, renderPlotSvg, svgToPng } from './plot.js';
import { bestOfNReportHtml } from './report-html.js';

export const BESTOFN_FILE = 'bestofn.json';

/** bestofn.json: what was measured and how. */
export interface BestOfNResult {
  problems: number;
  samplesPerPrompt: number;
  /** Prompts whose first sample came from an eval run (`bestOfN.evalRun`). */
  reusedEvalSamples: number;
  n: number[];
  curves: BestOfNPoint[];
  settings: Record<string, unknown>;
}

/**
 * Write bestofn.json, the plot (bestofn.svg, and bestofn.png when `png`) and report.html into `runDir`.
 * @returns the files written, relative to `runDir`
 */
export async function writeBestOfNResults(
  runDir: string,
  result: BestOfNResult,
  title: string,
  png: boolean,
): Promise<string[]> {
  writeJsonAtomic(join(runDir, BESTOFN_FILE), result);
  const svg = await renderPlotSvg(bestOfNPlotSpec(result.curves, title));
  writeFileAtomic(join(runDir, 'bestofn.svg'), svg);
  const files = [BESTOFN_FILE, 'bestofn.svg', 'report.html'];
  if (png) {
    writeFileAtomic(join(runDir, 'bestofn.png'), svgToPng(svg));
    files.push('bestofn.png');
  }
  const html = bestOfNReportHtml({
    title,
    problems: result.problems,
    samplesPerPrompt: result.samplesPerPrompt,
    points: result.curves,
    svg,
    settings: result.settings,
  });
  writeFileAtomic(join(runDir, 'report.html'), html);
  return files;
}

/** The curves as aligned text lines (what the CLI prints). */
export function formatBestOfNTable(points: readonly BestOfNPoint[]): string[] {
  return [
    '     N   pass@N   Best@N   pass@k(unbiased)',
    ...points.map(
      (p) =>
        `${String(p.n).padStart(6)}   ${p.passAtN.toFixed(4)}   ${p.bestAtN.toFixed(4)}   ${p.passAtKUnbiased.toFixed(4)}`,
    ),
  ];
}
