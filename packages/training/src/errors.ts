import { ReasonrlError } from '@reasonrl/core';

/** A training-loop error raised on purpose; `code` is stable, the message names the file/field/step. */
export class TrainingError extends ReasonrlError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'TrainingError';
  }
}
