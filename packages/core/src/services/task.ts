import type { GroundTruth } from './grader.js';

/** One problem of a data set: the question, its reference answer(s), and where it came from. */
export interface Problem {
  id: string;
  question: string;
  groundTruth: GroundTruth;
  /** Free-form fields kept from the source (e.g. the full GSM8K solution). */
  meta?: Record<string, unknown>;
}

export const Task = Symbol.for('reasonrl.Task');
/** A data set of problems plus the prompt template that turns a problem into model input. */
export interface Task {
  readonly name: string;
  load(): Promise<Problem[]>;
  formatPrompt(problem: Problem): string;
}
