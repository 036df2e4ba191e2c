import { DEFAULT_SAMPLING_PARAMS, type Sampler, type SamplingParams } from '@reasonrl/core';
import { extractProgram, type ProgramLanguage } from '@reasonrl/sandbox';
import { kissingPrompt } from './kissing-prompt.js';
import type { Proposal, ProposalState, Proposer } from './proposer.js';

export interface LlmProposerOptions {
  /** Languages the model may answer in (`python` only where a python3 exists). */
  languages: ProgramLanguage[];
  /** Sampling for each round; `n` is replaced by the loop's candidates per round. */
  sampling: Partial<SamplingParams>;
  /** Longest best-so-far program quoted back in the prompt, in characters. */
  maxProgramChars: number;
}

export const LLM_PROPOSER_DEFAULTS: LlmProposerOptions = {
  languages: ['javascript'],
  sampling: {
    temperature: 1,
    topP: 1,
    maxTokens: 4096,
    stop: [],
    includeStopStrInOutput: false,
    logprobs: false,
  },
  maxProgramChars: 6000,
};

/**
 * Asks a language model (any `Sampler`: a local tiny model, or an OpenAI-compatible endpoint) for
 * programs that print a point set. Each prompt carries the problem, the best valid result so far
 * (with its program when there is one) and the verifier's exact messages on the last round.
 */
export class LlmProposer implements Proposer {
  readonly name: string;
  private readonly options: LlmProposerOptions;

  constructor(
    private readonly sampler: Sampler,
    options: Partial<LlmProposerOptions> = {},
  ) {
    this.options = {
      ...LLM_PROPOSER_DEFAULTS,
      ...options,
      sampling: { ...LLM_PROPOSER_DEFAULTS.sampling, ...options.sampling },
    };
    if (this.options.languages.length === 0)
      throw new RangeError('LlmProposer: languages must name at least one language');
    this.name = `llm:${sampler.name}`;
  }

  async propose(state: ProposalState, n: number): Promise<Proposal[]> {
    const prompt = kissingPrompt(state, {
      languages: this.options.languages,
      maxProgramChars: this.options.maxProgramChars,
    });
    const params: SamplingParams = { ...DEFAULT_SAMPLING_PARAMS, ...this.options.sampling, n };
    const [result] = await this.sampler.generate([prompt], params);
    return (result?.outputs ?? []).map((o) => ({
      proposer: this.name,
      prompt,
      response: o.text,
      program: extractProgram(o.text, this.options.languages),
      note: `finish reason: ${o.finishReason}`,
    }));
  }
}
