import type { Grader } from '@reasonrl/core';
import { type ProgramRun, runProgram } from '@reasonrl/sandbox';
import type { Proposal } from './proposer.js';

/** Sandbox limits for model programs. */
export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  maxOutputBytes: number;
}

/** The verifier's report as the loop reads it from the grader's metadata (the `kissing` grader's `KissingReport`). */
export interface VerdictReport {
  valid: boolean;
  numPoints: number;
  message: string;
  [key: string]: unknown;
}

/** One proposal after running and verifying it. */
export interface Evaluation {
  /** Number of points when valid, else 0. */
  score: number;
  /** The sandbox run, when the proposal was a program. */
  run: Pick<ProgramRun, 'status' | 'message' | 'durationMs'> | null;
  /** The verifier's report, when there were points to verify. */
  verdict: VerdictReport | null;
  /** The exact message fed back to the proposer. */
  feedback: string;
  /** The verified points as JSON text (valid or not), when there were any. */
  pointsText: string | null;
}

function readVerdict(metadata: Record<string, unknown> | undefined, reward: number): VerdictReport {
  if (
    metadata &&
    typeof metadata.valid === 'boolean' &&
    typeof metadata.numPoints === 'number' &&
    typeof metadata.message === 'string'
  ) {
    return metadata as VerdictReport;
  }
  // A grader that is not `kissing`: trust its reward as the score.
  return { valid: reward > 0, numPoints: reward, message: `grader reward ${reward}` };
}

/**
 * Turn a proposal into a score: run its program in the sandbox (if any), then verify the printed
 * points with the grader. Never throws on what a model wrote; every failure becomes feedback.
 */
export async function evaluateProposal(
  proposal: Proposal,
  grader: Grader,
  limits: SandboxLimits,
  target: number,
): Promise<Evaluation> {
  let pointsText = proposal.pointsText ?? null;
  let run: Evaluation['run'] = null;
  if (proposal.program === null) {
    return {
      score: 0,
      run,
      verdict: null,
      pointsText: null,
      feedback: 'no program found: answer with one fenced ```javascript code block',
    };
  }
  if (proposal.program) {
    const r = await runProgram({
      language: proposal.program.language,
      source: proposal.program.source,
      ...limits,
    });
    run = { status: r.status, message: r.message, durationMs: r.durationMs };
    if (r.status !== 'ok')
      return { score: 0, run, verdict: null, pointsText: null, feedback: `program ${r.message}` };
    pointsText = r.stdout.trim();
    if (!pointsText)
      return { score: 0, run, verdict: null, pointsText: null, feedback: 'the program printed nothing' };
  }
  if (pointsText === null)
    return {
      score: 0,
      run,
      verdict: null,
      pointsText: null,
      feedback: 'the proposal had neither a program nor points',
    };
  const graded = await grader.grade(pointsText, target > 0 ? target : '');
  const verdict = readVerdict(graded.metadata, graded.reward);
  return {
    score: verdict.valid ? verdict.numPoints : 0,
    run,
    verdict,
    pointsText,
    feedback: verdict.message,
  };
}
