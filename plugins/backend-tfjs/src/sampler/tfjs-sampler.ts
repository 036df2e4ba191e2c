import type {
  Completion,
  FinishReason,
  GenerateOptions,
  GenerationResult,
  NamedWeights,
  Sampler,
  SamplingParams,
} from '@reasonrl/core';
import { loadCheckpoint, loadTokenizer, mulberry32, type TextTokenizer } from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import { KvCache } from '../model/kv-cache.js';
import { QwenModel } from '../model/qwen-model.js';
import { type Platform, selectPlatform } from '../platform.js';
import { sampleNextToken } from './sample-next-token.js';
import { cutAtStopString } from './stop-strings.js';

interface Row {
  prompt: number;
  ids: number[];
  generated: number[];
  logprobs: number[];
  text: string;
  finished?: { reason: FinishReason; text: string };
}

/**
 * The Sampler on the tfjs model (the slow path; the ONNX sampler is the fast one): all completions decode together
 * with a KV cache after one left-padded prefill; greedy or temperature sampling with top-p, stop strings, minTokens,
 * n samples per prompt, seed.
 */
export class TfjsSampler implements Sampler {
  readonly name = 'tfjs';

  constructor(
    readonly model: QwenModel,
    readonly tokenizer: TextTokenizer,
    private readonly ownsModel = false,
  ) {}

  /** Loads config, weights and tokenizer of a Hugging Face folder. */
  static async load(dir: string, options: { platform?: Platform } = {}): Promise<TfjsSampler> {
    await selectPlatform(options.platform ?? 'auto');
    const model = QwenModel.fromCheckpoint(await loadCheckpoint(dir));
    return new TfjsSampler(model, await loadTokenizer(dir), true);
  }

  async generate(
    prompts: readonly string[],
    params: SamplingParams,
    options: GenerateOptions = {},
  ): Promise<GenerationResult[]> {
    checkParams(params);
    const context = this.model.config.maxPositionEmbeddings;
    const promptIds = prompts.map((p, i) => {
      const ids = this.tokenizer.encode(p);
      if (ids.length === 0) throw new Error(`generate: prompt ${i} is empty (no tokens)`);
      if (ids.length >= context)
        throw new Error(
          `generate: prompt ${i} has ${ids.length} tokens; the model's context is ${context} (max_position_embeddings)`,
        );
      return ids;
    });
    const uniform = mulberry32(params.seed ?? Math.floor(Math.random() * 2 ** 32));
    const eos = new Set(this.tokenizer.eosTokenIds);
    const rows: Row[] = promptIds.flatMap((ids, prompt) =>
      Array.from({ length: params.n }, () => ({
        prompt,
        ids: [...ids],
        generated: [],
        logprobs: [],
        text: '',
      })),
    );
    let done = 0;
    const total = rows.length;
    const cache = new KvCache();
    try {
      for (let step = 0; step < params.maxTokens; step++) {
        if (rows.every((r) => r.finished)) break;
        const logits =
          step === 0
            ? this.prefill(
                rows.map((r) => r.ids),
                cache,
              )
            : this.decode(rows, cache);
        rows.forEach((row, i) => {
          if (row.finished) return;
          const banned = row.generated.length < params.minTokens ? eos : new Set<number>();
          const { token, logprob } = sampleNextToken(
            logits[i],
            params.temperature,
            params.topP,
            uniform,
            banned,
          );
          row.ids.push(token);
          row.generated.push(token);
          row.logprobs.push(logprob);
          const previous = row.text.length;
          row.text = this.tokenizer.decode(row.generated, { skipSpecialTokens: true });
          const canStop = row.generated.length >= params.minTokens;
          const cut =
            canStop && !row.text.endsWith('\uFFFD')
              ? cutAtStopString(row.text, previous, params.stop, params.includeStopStrInOutput)
              : undefined;
          if (canStop && eos.has(token)) row.finished = { reason: 'eos', text: row.text };
          else if (cut !== undefined) row.finished = { reason: 'stop', text: cut };
          else if (row.generated.length >= params.maxTokens || row.ids.length >= context)
            row.finished = { reason: 'length', text: row.text };
          if (row.finished) options.onProgress?.(++done, total);
        });
      }
    } finally {
      cache.dispose();
    }
    for (const row of rows) {
      if (!row.finished) {
        row.finished = { reason: 'length', text: row.text };
        options.onProgress?.(++done, total);
      }
    }
    return promptIds.map((ids, p) => ({
      prompt: prompts[p],
      promptTokenIds: ids,
      outputs: rows
        .filter((r) => r.prompt === p)
        .map((r): Completion => {
          const c: Completion = {
            text: r.finished!.text,
            tokenIds: r.generated,
            finishReason: r.finished!.reason,
          };
          if (params.logprobs) c.logprobs = r.logprobs;
          return c;
        }),
    }));
  }

  /** Runs the left-padded prompts into the cache. -> the next-token logits of each row, (V) each. */
  private prefill(seqs: number[][], cache: KvCache): Float32Array[] {
    const width = Math.max(...seqs.map((s) => s.length));
    const pad = this.tokenizer.padTokenId;
    const ids = seqs.map((s) => [...new Array<number>(width - s.length).fill(pad), ...s]);
    const mask = seqs.map((s) => [
      ...new Array<number>(width - s.length).fill(0),
      ...new Array<number>(s.length).fill(1),
    ]);
    return this.rowsOf(this.model.decodeStep(ids, cache, mask));
  }

  /** One token per row (finished rows feed a masked pad). -> next-token logits of each row. */
  private decode(rows: Row[], cache: KvCache): Float32Array[] {
    const pad = this.tokenizer.padTokenId;
    const ids = rows.map((r) => [r.finished ? pad : r.ids[r.ids.length - 1]]);
    const mask = rows.map((r) => [r.finished ? 0 : 1]);
    return this.rowsOf(this.model.decodeStep(ids, cache, mask));
  }

  private rowsOf(logits: tf.Tensor2D): Float32Array[] {
    const flat = logits.dataSync() as Float32Array;
    logits.dispose();
    const v = this.model.config.vocabSize;
    return Array.from({ length: logits.shape[0] }, (_, i) => flat.subarray(i * v, (i + 1) * v));
  }

  async syncWeights(weights: NamedWeights): Promise<{ ms: number }> {
    const t0 = performance.now();
    this.model.importTensors(weights);
    return { ms: performance.now() - t0 };
  }

  dispose(): void {
    if (this.ownsModel) this.model.dispose();
  }

  /** Live tensors (for leak checks). */
  static numTensors(): number {
    return tf.memory().numTensors;
  }
}

function checkParams(p: SamplingParams): void {
  const bad = (field: string, want: string) => {
    throw new Error(
      `generate: SamplingParams.${field} must be ${want}, got ${JSON.stringify((p as unknown as Record<string, unknown>)[field])}`,
    );
  };
  if (!Number.isInteger(p.n) || p.n < 1) bad('n', 'an integer >= 1');
  if (!(p.temperature >= 0)) bad('temperature', '>= 0');
  if (!(p.topP > 0 && p.topP <= 1)) bad('topP', 'in (0, 1]');
  if (!Number.isInteger(p.maxTokens) || p.maxTokens < 1) bad('maxTokens', 'an integer >= 1');
  if (!Number.isInteger(p.minTokens) || p.minTokens < 0 || p.minTokens > p.maxTokens)
    bad('minTokens', 'an integer in [0, maxTokens]');
}
