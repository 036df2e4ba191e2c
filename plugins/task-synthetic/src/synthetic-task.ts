import type { Problem, Task } from '@reasonrl/core';
import { formatPrompt, generateSyntheticProblems, loadPromptTemplate } from '@reasonrl/tasks';
import type { SyntheticTaskConfig } from './config.js';

/**
 * The embedded default task: GSM8K-like word problems made by a seeded generator. Each Problem's
 * `meta.trace` is its r1_zero SFT target (`... </think> <answer> N </answer>`) and `meta.plain` the
 * plain-style solution (`Solution: ... The answer is N.`).
 */
export class SyntheticTask implements Task {
  readonly name = 'synthetic';
  private readonly template: string;
  constructor(private readonly options: SyntheticTaskConfig) {
    this.template = loadPromptTemplate(options.prompt);
  }

  async load(): Promise<Problem[]> {
    const { split, count, seed, minSteps, maxSteps, maxNumber } = this.options;
    return generateSyntheticProblems({ split, count, seed, minSteps, maxSteps, maxNumber });
  }

  formatPrompt(problem: Problem): string {
    return formatPrompt(this.template, problem.question);
  }
}
