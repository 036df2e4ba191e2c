import { CATEGORIES, type Category, countCategories } from '@reasonrl/training';
import type { EvalRecord } from './eval-record.js';

/** An example kept in summary.json for reading by a person. */
export interface EvalExample {
  id: string;
  problem: string;
  reference: unknown;
  generation: string;
}

/** summary.json of an eval run. */
export interface EvalSummary {
  problems: number;
  /** Mean answer reward: the fraction answered correctly. */
  accuracy: number;
  /** Mean format reward: the fraction that followed the prompt's format. */
  formatRate: number;
  meanReward: number;
  counts: Record<Category, number>;
  /** Mean response length in tokens and in characters. */
  meanResponseTokens: number;
  meanResponseChars: number;
  /** Generated tokens and problems per second of generation time (summed over resumed sessions). */
  throughput: { tokensPerSecond: number; problemsPerSecond: number; generationSeconds: number };
  /** Responses cut at maxTokens or the model's context (finish reason `length`). */
  truncated: number;
  /** Malformed data lines skipped with skipBad. */
  skippedLines: number;
  examples: Record<Category, EvalExample[]>;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Summarize graded records (in task order), keeping the first `examplesPerCategory` of each category. */
export function summarizeEval(
  records: readonly EvalRecord[],
  examplesPerCategory: number,
  skippedLines = 0,
): EvalSummary {
  const genSeconds = records.reduce((a, r) => a + r.generationMs, 0) / 1000;
  const tokens = records.reduce((a, r) => a + r.tokenCount, 0);
  const examples = Object.fromEntries(CATEGORIES.map((c) => [c, [] as EvalExample[]])) as Record<
    Category,
    EvalExample[]
  >;
  for (const r of records) {
    const list = examples[r.category];
    if (list.length < examplesPerCategory)
      list.push({ id: r.id, problem: r.problem, reference: r.reference, generation: r.generation });
  }
  return {
    problems: records.length,
    accuracy: mean(records.map((r) => r.answerReward)),
    formatRate: mean(records.map((r) => r.formatReward)),
    meanReward: mean(records.map((r) => r.reward)),
    counts: countCategories(records),
    meanResponseTokens: mean(records.map((r) => r.tokenCount)),
    meanResponseChars: mean(records.map((r) => r.generation.length)),
    throughput: {
      tokensPerSecond: genSeconds > 0 ? tokens / genSeconds : 0,
      problemsPerSecond: genSeconds > 0 ? records.length / genSeconds : 0,
      generationSeconds: genSeconds,
    },
    truncated: records.filter((r) => r.finishReason === 'length').length,
    skippedLines,
    examples,
  };
}

/** The summary as aligned text lines (what the CLI prints). */
export function formatEvalTable(s: EvalSummary): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows: [string, string][] = [
    ['problems', String(s.problems)],
    ['accuracy', pct(s.accuracy)],
    ['format rate', pct(s.formatRate)],
    ['format 1, answer 1', String(s.counts.format1Answer1)],
    ['format 1, answer 0', String(s.counts.format1Answer0)],
    ['format 0, answer 0', String(s.counts.format0Answer0)],
    ...(s.counts.format0Answer1
      ? [['format 0, answer 1', String(s.counts.format0Answer1)] as [string, string]]
      : []),
    ['mean response tokens', s.meanResponseTokens.toFixed(1)],
    ['cut at the length limit', String(s.truncated)],
    ['tokens / s', s.throughput.tokensPerSecond.toFixed(1)],
    ['problems / s', s.throughput.problemsPerSecond.toFixed(3)],
    ...(s.skippedLines ? [['skipped data lines', String(s.skippedLines)] as [string, string]] : []),
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  const line = `+${'-'.repeat(w + 2)}+${'-'.repeat(12)}+`;
  return [line, ...rows.map(([k, v]) => `| ${k.padEnd(w)} | ${v.padStart(10)} |`), line];
}
