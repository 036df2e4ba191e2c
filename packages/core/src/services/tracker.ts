export const Tracker = Symbol.for('reasonrl.Tracker');
/** Receives metrics with stable names (`loss`, `grad_norm`, `reward/total`, ...) per step. */
export interface Tracker {
  readonly name: string;
  log(step: number, metrics: Record<string, number>): void | Promise<void>;
  logText?(step: number, key: string, text: string): void | Promise<void>;
  close?(): void | Promise<void>;
}
