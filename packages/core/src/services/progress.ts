/** A progress bar as the kernel's host provides it (the CLI draws one; tests pass a silent one). */
export interface ProgressBar {
  update(done: number, extra?: Record<string, string | number>): void;
  stop(): void;
}
export interface Progress {
  start(label: string, total: number): ProgressBar;
  /** A line of text for the user (status, tables). */
  info(message: string): void;
}
export const silentProgress: Progress = {
  start: () => ({ update: () => {}, stop: () => {} }),
  info: () => {},
};
