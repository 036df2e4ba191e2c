import type { Progress } from '@reasonrl/core';

/** What commands write to; tests capture it instead of the process streams. */
export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  progress: Progress;
}
