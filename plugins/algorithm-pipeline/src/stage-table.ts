import type { StageRecord } from './stage-record.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const secs = (x: number) => `${x.toFixed(1)} s`;

/** "f1a1 / f1a0 / f0a0" counts of a stage's validation (CS336 A5 §3's categories), '-' for old records. */
function categoryCell(r: StageRecord): string {
  const c = r.validation.counts;
  if (!c) return '-';
  return `${c.format1Answer1} / ${c.format1Answer0} / ${c.format0Answer0}${c.format0Answer1 ? ` (+${c.format0Answer1} f0a1)` : ''}`;
}

/**
 * Rows of the stage table: stage, validation accuracy, format rate, wall time (training + validation), and the
 * category counts (format 1/answer 1, format 1/answer 0, format 0/answer 0).
 */
export function stageTableRows(records: readonly StageRecord[]): string[][] {
  return records.map((r) => [
    r.dir,
    pct(r.validation.accuracy),
    pct(r.validation.formatRate),
    secs(r.trainSeconds + r.validationSeconds),
    categoryCell(r),
  ]);
}

const HEADER = ['stage', 'val accuracy', 'format rate', 'wall time', 'f1a1 / f1a0 / f0a0'];

/** The stage table as aligned Markdown lines (printed by the CLI and embedded in report.md). */
export function formatStageTable(records: readonly StageRecord[]): string[] {
  const rows = stageTableRows(records);
  const widths = HEADER.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(HEADER), rule, ...rows.map(line)];
}

/** report.md: the table, the validation set, and what the numbers mean. */
export function renderReport(options: {
  records: readonly StageRecord[];
  validationExamples: number;
  promptTemplate: string;
  grader: string;
  baseModel: string;
  randomInit: boolean;
  totalSeconds: number;
}): string {
  const { records } = options;
  const first = records[0]?.validation;
  const last = records[records.length - 1]?.validation;
  const lines = [
    '# reasonrl pipeline report',
    '',
    `Base model: \`${options.baseModel}\`${options.randomInit ? ' (seeded random init, made by this run)' : ''}.`,
    `Validation: ${options.validationExamples} problems of the synthetic validation split, ${options.promptTemplate} prompt, graded by ${options.grader}, after every stage.`,
    `Total wall time: ${secs(options.totalSeconds)}.`,
    '',
    ...formatStageTable(records),
    '',
  ];
  if (first && last) {
    lines.push(
      `Format rate went from ${pct(first.formatRate)} to ${pct(last.formatRate)}; accuracy from ${pct(first.accuracy)} to ${pct(last.accuracy)}.`,
    );
  }
  if (options.randomInit) {
    lines.push(
      '',
      'The base model is random: it knows no arithmetic, so accuracy near 0 is the expected result. The number to watch is',
      'the format rate, which SFT on r1_zero traces should raise (the model learns the <think> ... </think> <answer> ... </answer> shape).',
    );
  }
  lines.push(
    '',
    'Per-stage metrics: `<stage>/metrics.jsonl`; finished markers: `<stage>/stage.json`; all numbers: `pipeline.json`.',
    '',
  );
  return lines.join('\n');
}
