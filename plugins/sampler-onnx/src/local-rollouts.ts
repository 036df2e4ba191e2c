import type { Completion, NamedWeights, SamplingParams } from '@reasonrl/core';
import {
  checkTensors,
  loadCheckpoint,
  loadTokenizer,
  type ModelConfig,
  type TextTokenizer,
} from '@reasonrl/hf-checkpoint';
import type { OnnxSamplerConfig } from './config.js';
import { generateCompletions, type LoopStats, sharedPrefixLength } from './generate-loop.js';
import { maxRowsForBudget } from './kv-budget.js';
import { QwenSessions } from './qwen-sessions.js';

/** Tokenized prompts and resolved params (`seed` set) of one call, or of a worker's share of one (`rowIndexOffset`). */
export interface RolloutCall {
  promptIds: readonly (readonly number[])[];
  params: SamplingParams & { seed: number };
  /** Index of the first prompt and first sample in the whole call (see `LoopOptions.rowIndexOffset`). */
  rowIndexOffset?: { prompt: number; sample: number };
}

/** Where a generate call's rows run: in this thread (`LocalRollouts`) or split among worker threads (`WorkerRollouts`). */
export interface Rollouts {
  readonly workers: number;
  run(
    call: RolloutCall,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ completions: Completion[][]; stats: LoopStats }>;
  setWeights(weights: NamedWeights): Promise<void>;
  release(): Promise<void>;
}

/** Rollouts on this thread's ORT sessions: the KV budget sets how many rows decode together. */
export class LocalRollouts implements Rollouts {
  readonly workers = 1;
  /** Calls in flight: `release` waits for them (releasing the sessions under a running call would fail it). */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    readonly config: ModelConfig,
    readonly tokenizer: TextTokenizer,
    private readonly sessions: QwenSessions,
    private readonly options: OnnxSamplerConfig,
  ) {}

  /** Load the checkpoint in `modelDir` (config, weights, tokenizer) and open its sessions with `options`. */
  static async load(modelDir: string, options: OnnxSamplerConfig): Promise<LocalRollouts> {
    const [{ config, tensors }, tokenizer] = await Promise.all([
      loadCheckpoint(modelDir),
      loadTokenizer(modelDir),
    ]);
    const sessions = await QwenSessions.create(config, tensors, options);
    return new LocalRollouts(config, tokenizer, sessions, options);
  }

  run(
    call: RolloutCall,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ completions: Completion[][]; stats: LoopStats }> {
    const running = this.generate(call, onProgress);
    this.running.add(running);
    const forget = () => this.running.delete(running);
    running.then(forget, forget);
    return running;
  }

  private async generate(
    { promptIds, params, rowIndexOffset }: RolloutCall,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ completions: Completion[][]; stats: LoopStats }> {
    const contextLimit = this.config.maxPositionEmbeddings;
    const longest = Math.max(...promptIds.map((ids) => ids.length));
    // with the shared-prefix decode graph, rows do not store the prefix common to all prompts
    const shared = this.sessions.canSharePrefix
      ? sharedPrefixLength(promptIds, this.options.sharedPrefixMin)
      : 0;
    const maxRows = maxRowsForBudget(
      this.config,
      this.options.kvCacheBytes,
      Math.min(longest + params.maxTokens, contextLimit) - shared,
      this.options.maxBatchSize,
      this.options.attention === 'standard' ? 2 : 1,
    );
    return generateCompletions(this.sessions, this.tokenizer, promptIds, params, {
      maxRows,
      contextLimit,
      eosTokenIds: this.tokenizer.eosTokenIds,
      seed: params.seed,
      sharedPrefixMin: this.options.sharedPrefixMin,
      onProgress,
      rowIndexOffset,
    });
  }

  /** Throw the error `setWeights` would for tensors that do not fit the model (names, shapes), changing nothing. */
  checkWeights(weights: NamedWeights): void {
    checkTensors(weights, this.config, 'syncWeights');
  }

  setWeights(weights: NamedWeights): Promise<void> {
    return this.sessions.setWeights(weights);
  }

  async release(): Promise<void> {
    await Promise.allSettled(this.running);
    await this.sessions.release();
  }
}
