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
    const params: SamplingParams = { ...DEFAULT_SAMPLING_PARAMS, ...this.options.sampling, n };
    // A small local model has a short context: when the full prompt does not fit, drop the quoted
    // program, then the verifier's messages, and say so in each proposal's note.
    const variants: [ProposalState, string][] = [
      [state, ''],
      [
        { ...state, best: state.best && { ...state.best, program: null } },
        ' (prompt shortened: best program left out)',
      ],
      [
        { ...state, best: state.best && { ...state.best, program: null }, lastFeedback: [] },
        ' (prompt shortened: program and feedback left out)',
      ],
    ];
    for (const [i, [variant, shortened]] of variants.entries()) {
      const prompt = kissingPrompt(variant, {
        languages: this.options.languages,
        maxProgramChars: this.options.maxProgramChars,
      });
      let result: Awaited<ReturnType<Sampler['generate']>>[number] | undefined;
      try {
        [result] = await this.sampler.generate([prompt], params);
      } catch (e) {
        if ((e as { code?: string }).code === 'PROMPT_TOO_LONG' && i < variants.length - 1) continue;
        throw e;
      }
      return (result?.outputs ?? []).map((o) => ({
        proposer: this.name,
        prompt,
        response: o.text,
        program: extractProgram(o.text, this.options.languages),
        note: `finish reason: ${o.finishReason}${shortened}`,
      }));
    }
    return [];
  }
}
