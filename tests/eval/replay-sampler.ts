import type { Completion, GenerationResult, NamedWeights, Sampler, SamplingParams } from '@reasonrl/core';

/**
 * A Sampler for algorithm tests that cannot afford a model: it answers each prompt with scripted
 * completions chosen by a substring of the prompt (the problem text). Completion k of a prompt is
 * `script[k]`; its tokens are its whitespace-separated words and every token has log-prob `logprob`.
 */
export class ReplaySampler implements Sampler {
  readonly name = 'replay';
  readonly calls: { prompts: string[]; params: SamplingParams }[] = [];
  /** Throw on this call number (1-based), to simulate a crash mid-run. */
  failOnCall?: number;

  constructor(
    private readonly scripts: ReadonlyArray<{ match: string; outputs: { text: string; logprob: number }[] }>,
  ) {}

  async generate(prompts: readonly string[], params: SamplingParams): Promise<GenerationResult[]> {
    this.calls.push({ prompts: [...prompts], params });
    if (this.failOnCall === this.calls.length) throw new Error('simulated crash');
    return prompts.map((prompt) => {
      const script = this.scripts.find((s) => prompt.includes(s.match));
      if (!script) throw new Error(`no script for prompt ${prompt.slice(-60)}`);
      const outputs: Completion[] = script.outputs.slice(0, params.n).map(({ text, logprob }) => {
        const tokenIds = text
          .split(/\s+/)
          .filter(Boolean)
          .map((_, i) => i);
        return { text, tokenIds, logprobs: tokenIds.map(() => logprob), finishReason: 'stop' };
      });
      if (outputs.length < params.n)
        throw new Error(`script for '${script.match}' has ${outputs.length} outputs, ${params.n} asked`);
      return { prompt, promptTokenIds: [], outputs };
    });
  }

  async syncWeights(_weights: NamedWeights): Promise<{ ms: number }> {
    return { ms: 0 };
  }
}
