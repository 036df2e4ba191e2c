import {
  type GenerateOptions,
  type GenerationResult,
  type NamedWeights,
  ReasonrlError,
  type Sampler,
  type SamplingParams,
} from '@reasonrl/core';
import {
  loadTokenizer,
  type ModelConfig,
  readModelConfig,
  type TextTokenizer,
} from '@reasonrl/hf-checkpoint';
import { DEFAULT_ONNX_SAMPLER_CONFIG, type OnnxSamplerConfig } from './config.js';
import type { LoopStats } from './generate-loop.js';
import { float32WeightBytes, kvBytesPerToken } from './kv-budget.js';
import { LocalRollouts, type Rollouts } from './local-rollouts.js';
import { drawSeed } from './rng.js';
import { rolloutWorkers } from './rollout-workers.js';
import { resolveSamplingParams } from './sampling-params.js';
import { WorkerRollouts } from './worker-rollouts.js';

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
    private readonly rollouts: Rollouts,
    readonly options: OnnxSamplerConfig,
  ) {}

  /**
   * Load `options.model` (or `modelDir`): config, weights and tokenizer; build and open the graphs, in this thread
   * or in each rollout worker (`workers`), which loads the checkpoint itself.
   */
  static async load(modelDir: string, options: Partial<OnnxSamplerConfig> = {}): Promise<OnnxSampler> {
    const resolved = { ...DEFAULT_ONNX_SAMPLER_CONFIG, ...options, model: modelDir };
    if (!modelDir)
      throw new ReasonrlError(
        'CONFIG_INVALID',
        'onnx sampler: onnxSampler.model must name a checkpoint directory',
      );
    const config = await readModelConfig(modelDir);
    const { workers, threadsPerWorker } = rolloutWorkers(resolved, float32WeightBytes(config));
    if (workers > 1) {
      // each worker: its own threads and an equal part of the KV budget and of the batch-size limit
      const own = {
        ...resolved,
        workers: 1,
        intraOpNumThreads: threadsPerWorker,
        kvCacheBytes: resolved.kvCacheBytes / workers,
        maxBatchSize: Math.max(1, Math.floor(resolved.maxBatchSize / workers)),
      };
      const [tokenizer, rollouts] = await Promise.all([
        loadTokenizer(modelDir),
        WorkerRollouts.start(modelDir, own, workers),
      ]);
      return new OnnxSampler(config, tokenizer, rollouts, resolved);
    }
    const local = await LocalRollouts.load(modelDir, resolved);
    return new OnnxSampler(local.config, local.tokenizer, local, resolved);
  }

  /** Threads rolling out: 1 (this one) or the rollout workers' count (see the `workers` option). */
  get workers(): number {
    return this.rollouts.workers;
  }

  /** Where ORT runs ('cpu' or 'cuda'), its decode attention and the rollout workers, for the run record. */
  get platform(): string {
    const workers = this.workers > 1 ? ` x${this.workers} workers` : '';
    return `onnxruntime-node/${this.options.executionProvider}/${this.options.attention}${workers}`;
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
    const { completions, stats } = await this.rollouts.run(
      { promptIds, params: { ...resolved, seed: resolved.seed ?? drawSeed() } },
      options.onProgress,
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
    await this.rollouts.setWeights(weights);
    return { ms: performance.now() - t0 };
  }

  async dispose(): Promise<void> {
    await this.rollouts.release();
  }
}
