import type { DiscoveryResult } from './discovery-loop.js';

/** What the report says about how the run was made. */
export interface ReportContext {
  proposer: string;
  rounds: number;
  candidatesPerRound: number;
  roundBudgetMs: number;
  timeBudgetMs: number;
  startedAt: string;
}

const KNOWN_BOUNDS = 'Known bounds: 592 (Ganzhinov 2022) and 593 (AlphaEvolve 2025) <= tau_11 <= 870.';

/** `report.md`: the method, the score over rounds and the best score. */
export function renderReport(result: DiscoveryResult, ctx: ReportContext): string {
  const lines = [
    '# Kissing number in 11 dimensions: discovery run',
    '',
    `Started ${ctx.startedAt}; ran ${result.elapsedSeconds.toFixed(1)} s; stopped because of ${result.stopReason}.`,
    '',
    '## Method',
    `- Proposer: \`${ctx.proposer}\`; up to ${ctx.rounds} rounds of Best-of-${ctx.candidatesPerRound}` +
      ` (round budget ${ctx.roundBudgetMs} ms, total budget ${ctx.timeBudgetMs} ms).`,
    '- Each candidate (a program run in the sandbox, or a point set) is checked by the exact verifier: integer',
    '  points in Z^11, no zero vector, no duplicates, min ||x - y||^2 >= max ||x||^2 in exact integer arithmetic.',
    "- The largest valid set so far and the verifier's exact messages are fed back to the proposer each round.",
    '',
    '## Score over rounds',
    '',
    '| round | candidates | valid | best this round | best so far | elapsed (s) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.rounds.map(
      (r) =>
        `| ${r.round} | ${r.candidates} | ${r.valid} | ${r.bestThisRound} | ${r.bestSoFar} | ${r.elapsedSeconds.toFixed(1)} |`,
    ),
    '',
    '## Best',
    '',
    result.best
      ? `**${result.best.score} points** (round ${result.best.round}, candidate ${result.best.index}): ${result.best.feedback}`
      : '**No valid set was found.**',
    '',
    KNOWN_BOUNDS,
    '',
    '## Failures',
    '',
  ];
  const failures = new Map<string, number>();
  for (const r of result.records) {
    if (r.score > 0) continue;
    const kind =
      r.run && r.run.status !== 'ok'
        ? `program ${r.run.status}`
        : r.verdict
          ? 'invalid point set'
          : r.feedback.split(':')[0];
    failures.set(kind, (failures.get(kind) ?? 0) + 1);
  }
  if (failures.size === 0) lines.push('None.');
  else for (const [kind, count] of failures) lines.push(`- ${kind}: ${count}`);
  lines.push(
    '',
    'Every prompt, answer, sandbox verdict and verifier report is in `conversation_log.json`.',
    '',
  );
  return lines.join('\n');
}
