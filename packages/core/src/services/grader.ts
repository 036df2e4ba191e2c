/** A reference answer: one string or number, or a list of them (any match counts as correct). */
export type GroundTruth = string | number | ReadonlyArray<string | number>;

/**
 * The verdict on one response. `reward` is what RL optimises; for the r1_zero grader it equals
 * `answerReward`, and `formatReward` says whether the response followed the prompt's format.
 */
export interface RewardResult {
  reward: number;
  formatReward: number;
  answerReward: number;
  /** Grader-specific details (extracted answer, timeouts, ...). */
  metadata?: Record<string, unknown>;
}

export const Grader = Symbol.for('reasonrl.Grader');
/** Scores a model response against a reference answer. Never throws on model output. */
export interface Grader {
  readonly name: string;
  grade(response: string, groundTruth: GroundTruth): RewardResult | Promise<RewardResult>;
  /** Optional batched form (may use worker threads). Same order as the inputs. */
  gradeBatch?(responses: readonly string[], groundTruths: readonly GroundTruth[]): Promise<RewardResult[]>;
  dispose?(): Promise<void> | void;
}
