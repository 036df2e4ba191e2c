import type { Grader } from '@reasonrl/core';
import { type Evaluation, evaluateProposal, type SandboxLimits } from './evaluate-proposal.js';
import type { Proposal, ProposalState, Proposer } from './proposer.js';

export interface DiscoveryLoopOptions {
  proposer: Proposer;
  /** The verifier (the `kissing` grader). */
  grader: Grader;
  /** Most rounds to run. */
  rounds: number;
  /** Best-of-N: candidates per round; the best valid one can become the new best. */
  candidatesPerRound: number;
  /** Proposing budget per round in ms (how long a baseline search runs; a model call may ignore it). */
  roundBudgetMs: number;
  /** Wall-clock budget of the whole loop in ms; no new round starts after it. */
  timeBudgetMs: number;
  /** Stop once a valid set has at least this many points (0: never). */
  target: number;
  sandbox: SandboxLimits;
  /** Called after each round (the CLI prints a line). */
  onRound?: (round: RoundSummary) => void;
  signal?: AbortSignal;
}

/** One candidate as logged: what was asked, what came back, how it ran and what the verifier said. */
export interface CandidateRecord extends Omit<Evaluation, 'pointsText'> {
  round: number;
  index: number;
  proposer: string;
  prompt?: string;
  response?: string;
  program?: Proposal['program'];
  note?: string;
  /** Seconds since the loop started. */
  atSeconds: number;
}

export interface RoundSummary {
  round: number;
  candidates: number;
  valid: number;
  /** Largest valid set this round (0 when none). */
  bestThisRound: number;
  /** Largest valid set so far. */
  bestSoFar: number;
  elapsedSeconds: number;
}

export interface BestCandidate {
  score: number;
  round: number;
  index: number;
  pointsText: string;
  program: Proposal['program'] | null;
  feedback: string;
}

export interface DiscoveryResult {
  records: CandidateRecord[];
  rounds: RoundSummary[];
  best: BestCandidate | null;
  elapsedSeconds: number;
  /** Why the loop ended. */
  stopReason: 'rounds' | 'time' | 'target' | 'aborted';
}

/**
 * The HW3 discovery loop: each round the proposer offers N candidates (Best-of-N); each is run and
 * verified exactly; the largest valid set so far is kept, and the verifier's exact messages plus the
 * best set go back to the proposer for the next round.
 */
export async function runDiscoveryLoop(options: DiscoveryLoopOptions): Promise<DiscoveryResult> {
  const { proposer, grader, rounds, candidatesPerRound } = options;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`discovery: rounds must be a positive integer, got ${rounds}`);
  if (!Number.isInteger(candidatesPerRound) || candidatesPerRound < 1) {
    throw new RangeError(
      `discovery: candidatesPerRound must be a positive integer, got ${candidatesPerRound}`,
    );
  }
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const records: CandidateRecord[] = [];
  const summaries: RoundSummary[] = [];
  let best: BestCandidate | null = null;
  let lastFeedback: string[] = [];
  let stopReason: DiscoveryResult['stopReason'] = 'rounds';

  for (let round = 1; round <= rounds; round++) {
    if (options.signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const remainingMs = options.timeBudgetMs - elapsed() * 1000;
    if (remainingMs <= 0) {
      stopReason = 'time';
      break;
    }
    const state: ProposalState = {
      round,
      best: best && {
        score: best.score,
        pointsText: best.pointsText,
        program: best.program,
        feedback: best.feedback,
      },
      lastFeedback,
      budgetMs: Math.min(options.roundBudgetMs, remainingMs),
    };
    const proposals = await proposer.propose(state, candidatesPerRound);
    const feedback: string[] = [];
    let valid = 0;
    let bestThisRound = 0;
    for (const [index, proposal] of proposals.entries()) {
      const evaluation = await evaluateProposal(proposal, grader, options.sandbox, options.target);
      const { pointsText, ...logged } = evaluation;
      records.push({
        round,
        index,
        proposer: proposal.proposer,
        prompt: proposal.prompt,
        response: proposal.response,
        program: proposal.program,
        note: proposal.note,
        ...logged,
        atSeconds: Number(elapsed().toFixed(3)),
      });
      feedback.push(
        evaluation.score > 0
          ? `valid, ${evaluation.score} points. ${evaluation.feedback}`
          : evaluation.feedback,
      );
      if (evaluation.score > 0) valid++;
      bestThisRound = Math.max(bestThisRound, evaluation.score);
      if (evaluation.score > 0 && pointsText && (!best || evaluation.score > best.score)) {
        best = {
          score: evaluation.score,
          round,
          index,
          pointsText,
          program: proposal.program ?? null,
          feedback: evaluation.feedback,
        };
      }
    }
    lastFeedback = feedback;
    const summary: RoundSummary = {
      round,
      candidates: proposals.length,
      valid,
      bestThisRound,
      bestSoFar: best?.score ?? 0,
      elapsedSeconds: Number(elapsed().toFixed(3)),
    };
    summaries.push(summary);
    options.onRound?.(summary);
    if (options.target > 0 && best && best.score >= options.target) {
      stopReason = 'target';
      break;
    }
  }
  return { records, rounds: summaries, best, elapsedSeconds: Number(elapsed().toFixed(3)), stopReason };
}
