import { type Problem, ReasonrlError, type Task } from '@reasonrl/core';
import {
  type DataFormat,
  formatPrompt,
  loadProblems,
  loadPromptTemplate,
  parseFieldMap,
} from '@reasonrl/tasks';
import type { TaskFileConfig } from './config.js';

/**
 * A Task over a local JSONL file. `format` fixes the layout (Tasks `gsm8k`, `math`, `countdown`) or is
 * taken from the config (Task `jsonl`: `auto` detects it). Loading checks every line up to `limit` first.
 */
export class FileTask implements Task {
  /** Malformed lines skipped by the last `load()` (with `skipBad`), as `file:line: message`. */
  skippedLines: string[] = [];
  /** The format the last `load()` used. */
  format?: DataFormat;
  private template?: string;

  constructor(
    readonly name: string,
    private readonly options: TaskFileConfig,
    private readonly fixedFormat?: DataFormat,
  ) {}

  /** How many malformed lines the last `load()` skipped. */
  get skipped(): number {
    return this.skippedLines.length;
  }

  async load(): Promise<Problem[]> {
    const o = this.options;
    if (!o.dataset) {
      throw new ReasonrlError(
        'DATASET_MISSING',
        `Task '${this.name}' needs a data set file: set task.dataset (or --dataset FILE)`,
      );
    }
    this.template = loadPromptTemplate(o.prompt);
    const fields = o.fields ? parseFieldMap(o.fields) : undefined;
    const loaded = loadProblems(o.dataset, {
      format: this.fixedFormat ?? o.format,
      fields,
      limit: o.limit,
      skipBad: o.skipBad,
    });
    this.format = loaded.format;
    this.skippedLines = loaded.skipped.map((e) => e.message);
    return loaded.problems;
  }

  formatPrompt(problem: Problem): string {
    this.template ??= loadPromptTemplate(this.options.prompt);
    return formatPrompt(this.template, problem.question);
  }
}
