import { type PipelineReportData, readPipelineReportData } from './report-data.js';
import { renderReportPlotSvg, reportPlots } from './report-plots.js';
import { categoryOf, rolloutExamples, stageSpans } from './report-series.js';

export const HTML_REPORT_FILE = 'report.html';
/** Validation prompts shown with their first- and last-stage responses. */
export const REPORT_EXAMPLES = 4;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
// C0 controls but tab and newline, and DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
/**
 * Text as HTML: markup characters escaped, and control characters (a random-init model emits them)
 * shown as `\uXXXX` instead of being passed to the page, where most are invalid.
 */
export const escapeHtml = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const secs = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} s` : '—');

// Nothing may load: no script, font, image or style from outside the file (the page must open from disk, offline).
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const STYLE = `body{font-family:'DejaVu Sans',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1.5em 0}figcaption{color:#555;font-size:90%}
pre{white-space:pre-wrap;word-break:break-word;margin:0;font-size:85%;max-width:380px}.missing{color:#a60}
code{font-size:90%}`;

function stageTable(data: PipelineReportData): string {
  const spans = stageSpans(data.stages);
  const rows = data.stages.map((s, i) => {
    const r = s.record;
    const v = r.validation;
    const steps = spans[i].endStep - spans[i].startStep;
    return `<tr><td>${escapeHtml(r.dir)}</td><td>${escapeHtml(r.algorithm)}</td><td class="num">${pct(v.accuracy)}</td><td class="num">${pct(v.formatRate)}</td><td class="num">${v.meanResponseTokens.toFixed(1)}</td><td class="num">${steps}</td><td class="num">${secs(r.trainSeconds)}</td><td class="num">${secs(r.validationSeconds)}</td></tr>`;
  });
  return `<table id="stage-table"><thead><tr><th>stage</th><th>algorithm</th><th>val accuracy</th><th>format rate</th><th>mean response tokens</th><th>steps</th><th>training</th><th>validation</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

function examplesTable(data: PipelineReportData): string {
  const examples = rolloutExamples(data, REPORT_EXAMPLES);
  if (!examples.length)
    return '<p class="missing">No stage kept its validation responses (validation.jsonl).</p>';
  const { first, last } = examples[0];
  const cell = (row: (typeof examples)[number]['first']['row']) => {
    // A blank response would be an invisible cell: say what it is instead.
    const text = row.response.trim()
      ? `<pre>${escapeHtml(row.response)}</pre>`
      : `<em>(${row.response.length ? `only whitespace, ${row.response.length} characters` : 'empty'})</em>`;
    return `<td>${text}<br><small>${escapeHtml(categoryOf(row))}</small></td>`;
  };
  const rows = examples.map(
    (e) => `<tr><td><pre>${escapeHtml(e.prompt)}</pre></td>${cell(e.first.row)}${cell(e.last.row)}</tr>`,
  );
  return `<table id="rollout-examples"><thead><tr><th>validation question</th><th>response after ${escapeHtml(first.stage)}</th><th>response after ${escapeHtml(last.stage)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** report.html of a finished pipeline run, as a string: one file, inline SVG plots, no script. */
export async function renderHtmlReport(runDir: string): Promise<string> {
  return htmlReportFromData(readPipelineReportData(runDir));
}

/** The page for report data already read (see `readPipelineReportData`). */
export async function htmlReportFromData(data: PipelineReportData): Promise<string> {
  const { plots, missing } = reportPlots(data);
  const figures: string[] = [];
  for (const plot of plots) {
    const svg = await renderReportPlotSvg(plot);
    figures.push(
      `<figure class="plot" data-plot="${plot.id}">${svg}<figcaption>${escapeHtml(plot.caption)}</figcaption></figure>`,
    );
  }
  const first = data.stages[0].record.validation;
  const last = data.stages[data.stages.length - 1].record.validation;
  const title = 'reasonrl pipeline report';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head><body>
<h1>${title}</h1>
<p>Base model: <code>${escapeHtml(data.baseModel)}</code>${data.randomInitBaseModel ? ' (seeded random init, made by this run)' : ''}.
Validation: ${data.validationExamples} problems, ${escapeHtml(data.promptTemplate)} prompt, graded by ${escapeHtml(data.grader)}, after every stage.
Total wall time: ${secs(data.totalSeconds)}.</p>
<p>Format rate went from ${pct(first.formatRate)} to ${pct(last.formatRate)}; accuracy from ${pct(first.accuracy)} to ${pct(last.accuracy)}.</p>
<h2>Stages</h2>
${stageTable(data)}
<h2>Plots</h2>
${figures.join('\n')}
${missing.map((m) => `<p class="missing">Not plotted: ${escapeHtml(m)}.</p>`).join('\n')}
<h2>Example rollouts</h2>
<p>The first ${REPORT_EXAMPLES} validation questions (shown without the prompt template), with the response after the first and after the last stage.</p>
${examplesTable(data)}
<p>Per-stage metrics: <code>&lt;stage&gt;/metrics.jsonl</code>; responses: <code>&lt;stage&gt;/validation.jsonl</code>; all numbers: <code>pipeline.json</code>.</p>
</body></html>
`;
}
