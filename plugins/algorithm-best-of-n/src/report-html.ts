import type { BestOfNPoint } from './pass-at-k.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A self-contained HTML page: what was run, the table of the curves, and the plot (inline SVG). */
export function bestOfNReportHtml(args: {
  title: string;
  problems: number;
  samplesPerPrompt: number;
  points: readonly BestOfNPoint[];
  svg: string;
  settings: Record<string, unknown>;
}): string {
  const rows = args.points
    .map(
      (p) =>
        `<tr><td>${p.n}</td><td>${pct(p.passAtN)}</td><td>${pct(p.bestAtN)}</td><td>${pct(p.passAtKUnbiased)}</td></tr>`,
    )
    .join('\n');
  const settings = Object.entries(args.settings)
    .map(([k, v]) => `<li><code>${escapeHtml(k)}</code>: ${escapeHtml(JSON.stringify(v))}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(args.title)}</title>
<style>body{font-family:sans-serif;max-width:760px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}</style>
</head><body>
<h1>${escapeHtml(args.title)}</h1>
<p>${args.problems} problems, ${args.samplesPerPrompt} samples per prompt from one generation pass.
<b>pass@N</b>: any of the first N samples is correct. <b>Best@N</b>: only the sample with the highest mean token
log-probability among the first N is graded. <b>pass@k (unbiased)</b>: 1 - C(n-c, k)/C(n, k) over all n samples.</p>
<table><thead><tr><th>N</th><th>pass@N</th><th>Best@N</th><th>pass@k (unbiased)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<figure>${args.svg}</figure>
<h2>Settings</h2><ul>
${settings}
</ul>
</body></html>
`;
}
