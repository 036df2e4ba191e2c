/**
 * Sampling parameters with vLLM's `SamplingParams` semantics, in camelCase.
 * The assignments use temperature 1, topP 1, maxTokens 1024, stop ['</answer>'] kept in the output.
 */
export interface SamplingParams {
  /** Samples per prompt; they share the prompt's prefill. */
  n: number;
  /** 0 means greedy decoding. */
  temperature: number;
  /** Nucleus sampling mass in (0, 1]. */
  topP: number;
  /** Maximum new tokens per completion. */
  maxTokens: number;
  /** No EOS or stop string ends a completion before this many new tokens. */
  minTokens: number;
  /** Stop strings; a completion ends at the first occurrence in its decoded text. */
  stop: string[];
  /** Keep the matched stop string at the end of the text (the assignments keep `</answer>`). */
  includeStopStrInOutput: boolean;
  /** Seed for reproducible sampling; undefined draws one. */
  seed?: number;
  /** Return the log-probability of every sampled token. */
  logprobs: boolean;
}

export const DEFAULT_SAMPLING_PARAMS: SamplingParams = {
  n: 1,
  temperature: 1,
  topP: 1,
  maxTokens: 1024,
  minTokens: 0,
  stop: ['</answer>'],
  includeStopStrInOutput: true,
  logprobs: true,
};

export type FinishReason = 'stop' | 'length' | 'eos';

/** One sampled continuation of a prompt. */
export interface Completion {
  text: string;
  tokenIds: number[];
  /** log p of each token in `tokenIds` under the sampling distribution at temperature 1 (see the sampler's docs). */
  logprobs?: number[];
  finishReason: FinishReason;
}

/** All completions of one prompt. */
export interface GenerationResult {
  prompt: string;
  promptTokenIds: number[];
  outputs: Completion[];
}

/** Weights by Hugging Face tensor name, in float32 (what a Backend exports and a Sampler imports). */
export type NamedWeights = Map<string, { shape: number[]; data: Float32Array }>;

export interface GenerateOptions {
  /** Called after each finished completion with (done, total) completions. */
  onProgress?: (done: number, total: number) => void;
}

export const Sampler = Symbol.for('reasonrl.Sampler');
/** Produces rollouts. Plays the role vLLM plays in the assignments. */
export interface Sampler {
  readonly name: string;
  generate(
    prompts: readonly string[],
    params: SamplingParams,
    options?: GenerateOptions,
  ): Promise<GenerationResult[]>;
  /** Take the trainer's new weights for the next rollouts; returns the time it took. */
  syncWeights(weights: NamedWeights): Promise<{ ms: number }>;
  dispose?(): Promise<void> | void;
}
