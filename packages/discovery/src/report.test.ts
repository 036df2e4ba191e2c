import { describe, expect, it } from 'vitest';
import type { CandidateRecord, DiscoveryResult } from './discovery-loop.js';
import { renderReport } from './report.js';

const record = (
  round: number,
  index: number,
  score: number,
  extra: Partial<CandidateRecord>,
): CandidateRecord => ({
  round,
  index,
  proposer: 'llm:openai',
  score,
  run: null,
  verdict: null,
  feedback: '',
  atSeconds: 0,
  ...extra,
});

describe('renderReport', () => {
  it('writes the method, one table row per round, the best score and counted failures', () => {
    const result: DiscoveryResult = {
      records: [
        record(1, 0, 220, { verdict: { valid: true, numPoints: 220, message: 'valid' } }),
        record(1, 1, 0, {
          run: { status: 'timeout', message: 'timeout: ...', durationMs: 5 },
          feedback: 'program timeout: ...',
        }),
        record(2, 0, 0, {
          run: { status: 'timeout', message: 'timeout: ...', durationMs: 5 },
          feedback: 'program timeout: ...',
        }),
        record(2, 1, 0, {
          verdict: { valid: false, numPoints: 2, message: 'invalid: ...' },
          feedback: 'invalid: ...',
        }),
        record(2, 2, 0, {
          program: null,
          feedback: 'no program found: answer with one fenced ```javascript code block',
        }),
      ],
      rounds: [
        { round: 1, candidates: 2, valid: 1, bestThisRound: 220, bestSoFar: 220, elapsedSeconds: 1.25 },
        { round: 2, candidates: 3, valid: 0, bestThisRound: 0, bestSoFar: 220, elapsedSeconds: 2.5 },
      ],
      best: {
        score: 220,
        round: 1,
        index: 0,
        pointsText: '[]',
        program: null,
        feedback: 'valid: 220 points',
      },
      elapsedSeconds: 2.5,
      stopReason: 'rounds',
    };
    const md = renderReport(result, {
      proposer: 'llm:openai',
      rounds: 2,
      candidatesPerRound: 3,
      roundBudgetMs: 100,
      timeBudgetMs: 1000,
      startedAt: 'T0',
    });
    expect(md).toContain('Started T0; ran 2.5 s; stopped because of rounds.');
    expect(md).toContain('- Proposer: `llm:openai`; up to 2 rounds of Best-of-3');
    expect(md).toContain('| 1 | 2 | 1 | 220 | 220 | 1.3 |\n| 2 | 3 | 0 | 0 | 220 | 2.5 |');
    expect(md).toContain('**220 points** (round 1, candidate 0): valid: 220 points');
    expect(md).toContain('- program timeout: 2\n- invalid point set: 1\n- no program found: 1');
  });

  it('says so when nothing valid was found', () => {
    const md = renderReport(
      { records: [], rounds: [], best: null, elapsedSeconds: 0, stopReason: 'time' },
      {
        proposer: 'baseline',
        rounds: 1,
        candidatesPerRound: 1,
        roundBudgetMs: 1,
        timeBudgetMs: 1,
        startedAt: 'T0',
      },
    );
    expect(md).toContain('**No valid set was found.**');
    expect(md).toContain('## Failures\n\nNone.');
  });
});
