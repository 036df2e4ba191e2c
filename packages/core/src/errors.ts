/**
 * Base class of every error reasonrl raises on purpose. `code` is stable (tests and the CLI match
 * on it); the message is written for a person: what was wrong, where, and what was expected.
 */
export class ReasonrlError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReasonrlError';
    this.code = code;
  }
}

/** A config file or `--set` override that does not validate. `issues` lists every problem found. */
export class ConfigError extends ReasonrlError {
  readonly issues: string[];
  constructor(issues: string[], source?: string) {
    const where = source ? ` in ${source}` : '';
    super('CONFIG_INVALID', `invalid config${where}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
