import {
  type GenerateOptions,
  type GenerationResult,
  type NamedWeights,
  ReasonrlError,
  type Sampler,
  type SamplingParams,
} from '@reasonrl/core';
import { loadCheckpoint, loadTokenizer, type ModelConfig, type TextTokenizer } from '@reasonrl/hf-checkpoint';
import { DEFAULT_ONNX_SAMPLER_CONFIG, type OnnxSamplerConfig } from './config.js';
import { generateCompletions, type LoopStats, sharedPrefixLength } from './generate-loop.js';
import { kvBytesPerToken, maxRowsForBudget } from './kv-budget.js';
import { QwenSessions } from './qwen-sessions.js';
import { drawSeed } from './rng.js';
import { resolveSamplingParams } from './sampling-params.js';

/**
 * The `onnx` Sampler: rollouts of a Qwen2/Qwen3 checkpoint on onnxruntime-node (the role vLLM plays in the
 * assignments). Prefill and one-token decode graphs with a KV cache; vLLM `SamplingParams` semantics.
 */
export class OnnxSampler implements Sampler {
  readonly name = 'onnx';
  /** Counters of the last `generate` call. */
  lastStats: LoopStats | undefined;

  private constructor(
    readonly config: ModelConfig,
    readonly tokenizer: TextTokenizer,
    private readonly sessions: QwenSessions,
    readonly options: OnnxSamplerConfig,
  ) {}

  /** Load `options.model` (or `modelDir`): config, weights and tokenizer; build and open both graphs. */
  static async load(modelDir: string, options: Partial<OnnxSamplerConfig> = {}): Promise<OnnxSampler> {
    const resolved = { ...DEFAULT_ONNX_SAMPLER_CONFIG, ...options, model: modelDir };
    if (!modelDir)
      throw new ReasonrlError(
        'CONFIG_INVALID',
        'onnx sampler: onnxSampler.model must name a checkpoint directory',
      );
    const [{ config, tensors }, tokenizer] = await Promise.all([
      loadCheckpoint(modelDir),
      loadTokenizer(modelDir),
    ]);
    const sessions = await QwenSessions.create(config, tensors, resolved);
    return new OnnxSampler(config, tokenizer, sessions, resolved);
  }

  /** Where ORT runs ('cpu' or 'cuda'), for the run record. */
  get platform(): string {
    return `onnxruntime-node/${this.options.executionProvider}/${this.options.attention}`;
  }

  /**
   * Generate `params.n` completions per prompt. Semantics follow vLLM's `SamplingParams`:
   * temperature 0 is greedy; `topP` restricts sampling to the nucleus; no EOS and no stop string ends a completion
   * before `minTokens`; the first stop string found in the decoded text ends it (kept when `includeStopStrInOutput`),
   * even when it spans tokens; `tokenIds` keep every sampled token (EOS included; the text skips it); `logprobs` are
   * log_softmax of the unmodified logits at each sampled token (what the trainer computes); a `seed` makes the output
   * reproducible whatever the batch composition. Errors: an empty prompt, or one that leaves no room in the context.
   */
  async generate(
    prompts: readonly string[],
    params: Partial<SamplingParams>,
    options: GenerateOptions = {},
  ): Promise<GenerationResult[]> {
    const resolved = resolveSamplingParams(params);
    const contextLimit = this.config.maxPositionEmbeddings;
    const promptIds = prompts.map((prompt, i) => {
      if (typeof prompt !== 'string' || prompt.length === 0) {
        throw new ReasonrlError(
          'PROMPT_INVALID',
          `onnx sampler: prompt ${i} is empty; every prompt needs at least one token`,
        );
      }
      const ids = this.tokenizer.encode(prompt);
      if (ids.length === 0)
        throw new ReasonrlError('PROMPT_INVALID', `onnx sampler: prompt ${i} encodes to no tokens`);
      if (ids.length >= contextLimit) {
        throw new ReasonrlError(
          'PROMPT_TOO_LONG',
          `onnx sampler: prompt ${i} has ${ids.length} tokens; the context limit is ${contextLimit} tokens ` +
            `(max_position_embeddings), which must leave room for at least one new token`,
        );
      }
      return ids;
    });
    if (promptIds.length === 0) return [];
    const longest = Math.max(...promptIds.map((ids) => ids.length));
    // with the shared-prefix decode graph, rows do not store the prefix common to all prompts
    const shared = this.sessions.canSharePrefix
      ? sharedPrefixLength(promptIds, this.options.sharedPrefixMin)
      : 0;
    const maxRows = maxRowsForBudget(
      this.config,
      this.options.kvCacheBytes,
      Math.min(longest + resolved.maxTokens, contextLimit) - shared,
      this.options.maxBatchSize,
      this.options.attention === 'standard' ? 2 : 1,
    );
    const { completions, stats } = await generateCompletions(
      this.sessions,
      this.tokenizer,
      promptIds,
      resolved,
      {
        maxRows,
        contextLimit,
        eosTokenIds: this.tokenizer.eosTokenIds,
        seed: drawSeed(),
        sharedPrefixMin: this.options.sharedPrefixMin,
        onProgress: options.onProgress,
      },
    );
    this.lastStats = stats;
    return prompts.map((prompt, i) => ({ prompt, promptTokenIds: promptIds[i], outputs: completions[i] }));
  }

  /** KV bytes per token of one sequence (all layers, keys and values). */
  get kvBytesPerToken(): number {
    return kvBytesPerToken(this.config);
  }

  /**
   * Use the trainer's new weights for the next rollouts, without going through disk. Graphs taking the weights as
   * inputs reference the arrays (not copied; do not modify them afterwards); with `weights: 'initializers'` every
   * session is rebuilt here; with `'decode-initializers'` (default) the decode sessions are released and the next
   * generate rebuilds the one it uses (`lastStats.decodeBuildMs`).
   */
  async syncWeights(weights: NamedWeights): Promise<{ ms: number }> {
    const t0 = performance.now();
    await this.sessions.setWeights(weights);
    return { ms: performance.now() - t0 };
  }

  async dispose(): Promise<void> {
    await this.sessions.release();
  }
}
