import type { Completion, FinishReason, SamplingParams } from '@reasonrl/core';
import { CompletionText, type TokenDecoder } from './completion-text.js';
import type { DecodeBatch, JoiningRow, KvState } from './decode-batch.js';
import { SeededRandom } from './rng.js';
import { sampleToken } from './sample-token.js';

/** What the loop needs from the model: a B=1 prefill and a batched one-token decode (see `QwenSessions`). */
export interface DecoderModel {
  readonly config: { vocabSize: number };
  /** True when `prefill(ids, prefix)` can continue a shared prefix's KV. */
  readonly canExtend: boolean;
  /** True when `newBatch(..., prefix)` keeps a shared prefix once for all rows (absent: false). */
  readonly canSharePrefix?: boolean;
  prefill(ids: readonly number[], prefix?: KvState): Promise<{ logits: Float32Array; kv: KvState }>;
  /**
   * `prefix`: the KV of the prefix every row starts with, which the batch may keep once instead of per row. May
   * build its decode graph first (baked-in weights after a sync).
   */
  newBatch(
    maxRows: number,
    capacity: number,
    prefix?: KvState,
    samples?: { n: number; promptTokens: number; newTokens: number; promptLengths?: readonly number[] },
  ): DecodeBatch | Promise<DecodeBatch>;
  /** Milliseconds the last `newBatch` spent building its decode graph (absent: never). */
  readonly lastDecodeBuildMs?: number;
}

export interface LoopOptions {
  /** Most rows decoding together (from the KV memory budget). */
  maxRows: number;
  /** Positions the model supports: prompt + completion never exceed it. */
  contextLimit: number;
  eosTokenIds: readonly number[];
  /** Seed used when `params.seed` is undefined. */
  seed: number;
  /**
   * Prefill the token prefix shared by every prompt once, when it is at least this long (0: never). Prompts built
   * from one template (r1_zero) share a long prefix, which then costs one prefill instead of one per prompt.
   */
  sharedPrefixMin: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Index of this call's first prompt and first sample within a larger call it is a share of (a worker's part,
   * `splitRows`): each row's random stream is derived from its index in the whole call, so the samples do not depend
   * on how the call was split. Default 0, 0.
   */
  rowIndexOffset?: { prompt: number; sample: number };
}

/** Counters of one generate call (for logs and the benchmark). */
export interface LoopStats {
  /** Prompt tokens run through prefill graphs (the shared prefix once, then each prompt's rest). */
  prefillTokens: number;
  /** Length of the prefix shared by all prompts that was prefilled once (0 when none). */
  sharedPrefixTokens: number;
  /** True when decode read that prefix once for all rows (`static` attention) instead of from each row's cache. */
  sharedPrefixDecode: boolean;
  /** True when, in addition, the n samples of each prompt read the prompt's own tokens once (n > 1). */
  promptGroupDecode: boolean;
  decodeSteps: number;
  /** Sum over decode steps of the rows in the batch (rows that left cost nothing). */
  decodeRowSteps: number;
  /**
   * Sum over decode steps of the KV slots read from the rows' own caches, padding included (`DecodeBatch.cacheSlots`;
   * the shared prefix, read once per step, is not counted), and of the rows' tokens after that prefix: their ratio
   * is the share of real tokens in what decode reads (with prompt groups a prompt's tokens are stored once for its n
   * rows but counted per row here).
   */
  decodeCacheSlots: number;
  decodeCacheTokens: number;
  newTokens: number;
  /** Wall time in prefill runs, decode runs (the model only), and everything else (sampling, text, KV packing). */
  prefillMs: number;
  decodeMs: number;
  /**
   * Setting up the decode batch (its KV buffers; with `decode-initializers`, after a sync, building its decode graph:
   * the deferred part of `syncWeights`), included in `otherMs`.
   */
  decodeSetupMs: number;
  /** Of `decodeSetupMs`, building the decode graph (0 when it was open). */
  decodeBuildMs: number;
  otherMs: number;
  /**
   * Worker threads that ran shares of the call (1: the caller's thread). With more, the counters are summed over
   * them, `decodeSteps` and the times are the slowest worker's (they run at once), and each worker read its own
   * shared prefix (`sharedPrefixTokens`: the shortest of theirs) at each of its steps.
   */
  workers: number;
}

/** The counters of a call before it runs (on this thread: `workers` 1). */
export function emptyLoopStats(): LoopStats {
  return {
    prefillTokens: 0,
    sharedPrefixTokens: 0,
    sharedPrefixDecode: false,
    promptGroupDecode: false,
    decodeSteps: 0,
    decodeRowSteps: 0,
    decodeCacheSlots: 0,
    decodeCacheTokens: 0,
    newTokens: 0,
    prefillMs: 0,
    decodeMs: 0,
    decodeSetupMs: 0,
    decodeBuildMs: 0,
    otherMs: 0,
    workers: 1,
  };
}

interface Row {
  prompt: number;
  sample: number;
  rng: SeededRandom;
  tokens: number[];
  logprobs: number[];
  text: CompletionText;
  /** Tokens in the KV cache (prompt + generated tokens already fed). */
  length: number;
  /** Most new tokens (maxTokens, or less near the context limit). */
  limit: number;
}

/**
 * Generate `params.n` completions for each tokenized prompt (vLLM semantics; see `OnnxSampler.generate`).
 * Rows of every prompt share one decode batch of at most `maxRows`; the n samples of a prompt reuse its single prefill;
 * a finished row leaves the batch at once, and waiting rows join when there is room. Returns completions [prompt][sample].
 */
export async function generateCompletions(
  model: DecoderModel,
  decoder: TokenDecoder,
  promptIds: readonly (readonly number[])[],
  params: SamplingParams,
  options: LoopOptions,
): Promise<{ completions: Completion[][]; stats: LoopStats }> {
  const V = model.config.vocabSize;
  const seed = params.seed ?? options.seed;
  const completions: Completion[][] = promptIds.map(() => []);
  const stats = emptyLoopStats();
  const offset = options.rowIndexOffset ?? { prompt: 0, sample: 0 };
  const started = performance.now();
  const total = promptIds.length * params.n;
  let done = 0;
  const pending: { prompt: number; sample: number }[] = [];
  promptIds.forEach((_, p) => {
    for (let j = 0; j < params.n; j++) pending.push({ prompt: p, sample: j });
  });
  const prefills = new Map<number, { logits: Float32Array; kv: KvState }>();
  let shared: KvState | undefined;
  const P = model.canExtend ? sharedPrefixLength(promptIds, options.sharedPrefixMin) : 0;
  if (P > 0) {
    const t0 = performance.now();
    shared = (await model.prefill(promptIds[0].slice(0, P))).kv;
    stats.prefillMs += performance.now() - t0;
    stats.prefillTokens += P;
    stats.sharedPrefixTokens = P;
  }

  const finish = (row: Row, reason: FinishReason) => {
    completions[row.prompt][row.sample] = {
      text: row.text.finalText(),
      tokenIds: row.tokens,
      ...(params.logprobs ? { logprobs: row.logprobs } : {}),
      finishReason: reason,
    };
    stats.newTokens += row.tokens.length;
    options.onProgress?.(++done, total);
  };
  /** Sample the row's next token from its logits row; returns why it finished, if it did. */
  const step = (row: Row, logits: Float32Array): FinishReason | undefined => {
    const banned = row.tokens.length < params.minTokens ? options.eosTokenIds : [];
    const { token, logprob } = sampleToken(logits, params.temperature, params.topP, row.rng, banned);
    row.tokens.push(token);
    row.logprobs.push(logprob);
    const stopped = row.text.push(token, row.tokens.length >= params.minTokens);
    if (options.eosTokenIds.includes(token)) return 'eos';
    if (stopped) return 'stop';
    if (row.tokens.length >= row.limit) return 'length';
    return undefined;
  };

  let active: Row[] = [];
  const capacity = Math.min(
    options.contextLimit,
    Math.max(...promptIds.map((ids) => ids.length)) + params.maxTokens,
  );
  const longest = Math.max(...promptIds.map((ids) => ids.length));
  const setup = performance.now();
  const batch = await model.newBatch(options.maxRows, capacity, shared, {
    n: params.n,
    promptTokens: longest,
    newTokens: params.maxTokens,
    promptLengths: promptIds.map((ids) => ids.length),
  });
  stats.decodeSetupMs = performance.now() - setup;
  stats.decodeBuildMs = model.lastDecodeBuildMs ?? 0;
  stats.sharedPrefixDecode = shared !== undefined && model.canSharePrefix === true;
  stats.promptGroupDecode = stats.sharedPrefixDecode && params.n > 1;

  while (pending.length > 0 || active.length > 0) {
    // Admit waiting rows while there is room (all at once when the batch is empty, else in groups of n).
    const free = options.maxRows - active.length;
    if (pending.length > 0 && (active.length === 0 || free >= Math.min(pending.length, params.n))) {
      const joining: (JoiningRow & { row: Row })[] = [];
      while (pending.length > 0 && joining.length < free) {
        const { prompt, sample } = pending.shift()!;
        const ids = promptIds[prompt];
        let pre = prefills.get(prompt);
        if (!pre) {
          const t0 = performance.now();
          pre = shared
            ? await model.prefill(ids.slice(stats.sharedPrefixTokens), shared)
            : await model.prefill(ids);
          stats.prefillMs += performance.now() - t0;
          stats.prefillTokens += ids.length - stats.sharedPrefixTokens;
          prefills.set(prompt, pre);
        }
        if (sample === params.n - 1) prefills.delete(prompt);
        const row: Row = {
          prompt,
          sample,
          rng: new SeededRandom(seed, offset.prompt + prompt, offset.sample + sample),
          tokens: [],
          logprobs: [],
          text: new CompletionText(decoder, params.stop, params.includeStopStrInOutput),
          length: ids.length,
          limit: Math.min(params.maxTokens, options.contextLimit - ids.length),
        };
        const reason = step(row, pre.logits);
        if (reason) finish(row, reason);
        else joining.push({ row, kv: pre.kv, length: row.length, group: prompt });
      }
      if (joining.length > 0) {
        batch.add(joining);
        active = [...active, ...joining.map((j) => j.row)];
      }
    }
    if (active.length === 0) continue;

    stats.decodeCacheSlots += batch.cacheSlots;
    for (const row of active) stats.decodeCacheTokens += row.length - (stats.sharedPrefixDecode ? P : 0);
    const t0 = performance.now();
    const logits = await batch.step(
      active.map((r) => r.tokens[r.tokens.length - 1]),
      active.map((r) => r.length),
    );
    stats.decodeMs += performance.now() - t0;
    stats.decodeSteps++;
    stats.decodeRowSteps += active.length;
    const kept: number[] = [];
    active.forEach((row, index) => {
      row.length++;
      const reason = step(row, logits.subarray(index * V, (index + 1) * V));
      if (reason) finish(row, reason);
      else kept.push(index);
    });
    if (kept.length < active.length) {
      active = kept.map((i) => active[i]);
      batch.keep(
        kept,
        active.map((r) => r.length),
      );
    }
  }
  stats.otherMs = performance.now() - started - stats.prefillMs - stats.decodeMs;
  return { completions, stats };
}

/**
 * Length of the prefix prefilled once for all prompts of a call: their common prefix when there are at least two
 * prompts and it has at least `minLength` tokens (0 disables), else 0.
 */
export function sharedPrefixLength(promptIds: readonly (readonly number[])[], minLength: number): number {
  if (minLength <= 0 || promptIds.length < 2) return 0;
  const P = commonPrefixLength(promptIds);
  return P >= minLength ? P : 0;
}

/** Tokens every prompt starts with, leaving at least one token of each prompt outside the prefix. */
export function commonPrefixLength(promptIds: readonly (readonly number[])[]): number {
  if (promptIds.length === 0) return 0;
  let n = Math.min(...promptIds.map((ids) => ids.length)) - 1;
  const first = promptIds[0];
  for (const ids of promptIds) {
    let i = 0;
    while (i < n && ids[i] === first[i]) i++;
    n = i;
  }
  return Math.max(0, n);
}
