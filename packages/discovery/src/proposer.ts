import type { ProgramLanguage } from '@reasonrl/sandbox';

/** One candidate a proposer offers: a program to run in the sandbox, or a point set given directly. */
export interface Proposal {
  /** Which proposer made it (`baseline`, `llm:<sampler>`). */
  proposer: string;
  /** The prompt a model was given (LLM proposers). */
  prompt?: string;
  /** The model's full answer (LLM proposers). */
  response?: string;
  /** The program to run; null when the answer had none (recorded, scored 0). */
  program?: { language: ProgramLanguage; source: string } | null;
  /** A point set as JSON text (`[[...11 integers...], ...]`), when no program is involved. */
  pointsText?: string;
  /** Free text about how it was made (e.g. the baseline's shell and moves). */
  note?: string;
}

/** What the loop has learnt so far, as a proposer sees it. */
export interface ProposalState {
  /** 1-based round about to run. */
  round: number;
  /** The best valid candidate so far, or null. */
  best: { score: number; pointsText: string; program: Proposal['program'] | null; feedback: string } | null;
  /** The verifier's messages on the previous round's candidates, in order. */
  lastFeedback: string[];
  /** Milliseconds this round may spend proposing (a baseline search uses it; a model call may ignore it). */
  budgetMs: number;
}

/**
 * Makes candidates. The baseline search and an LLM are interchangeable behind this interface, so the
 * same loop, verifier and logs serve both and their scores compare directly.
 */
export interface Proposer {
  readonly name: string;
  /** `n` candidates for this round (Best-of-N: the loop keeps the best valid one). */
  propose(state: ProposalState, n: number): Promise<Proposal[]>;
  dispose?(): Promise<void> | void;
}
