import type {
  Completion,
  GenerateOptions,
  GenerationResult,
  NamedWeights,
  Sampler,
  SamplingParams,
} from '@reasonrl/core';
import { ReasonrlError } from '@reasonrl/core';

/** Settings of the `openai` sampler (the plugin's `openai` config section). */
export interface OpenAiSamplerOptions {
  /** Endpoint root that has `/chat/completions` below it, e.g. `http://127.0.0.1:8000/v1` (vLLM). */
  baseUrl: string;
  /** Model name as the server knows it. */
  model: string;
  /** Name of the environment variable holding the API key (sent as a Bearer token when set). */
  apiKeyEnv: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
  /** Retries after the first try, for network errors, timeouts, 408, 429 and 5xx. */
  maxRetries: number;
  /** First back-off delay in ms; doubles each retry (a server's Retry-After wins when given). */
  retryBaseMs: number;
  /** Optional system message before each prompt. */
  systemPrompt: string;
  /** Ask for all n samples in one request (`n`); false sends n requests (for servers without `n`). */
  useN: boolean;
}

interface ChatChoice {
  index?: number;
  message?: { content?: string | null };
  finish_reason?: string | null;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why a fetch failed, in words: the socket error code when there is one. */
function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code
    ? `${e.cause.code}${e.cause.message ? ` (${e.cause.message})` : ''}`
    : (e?.message ?? String(err));
}

/**
 * A Sampler backed by an OpenAI-compatible `POST {baseUrl}/chat/completions`. Each prompt is sent
 * as one user message. Chat APIs return text, not token ids, so `tokenIds` is empty and `logprobs`
 * is left out; it serves evaluation and discovery, not RL training (it cannot take new weights).
 */
export class OpenAiChatSampler implements Sampler {
  readonly name = 'openai';
  private readonly url: string;

  constructor(private readonly options: OpenAiSamplerOptions) {
    if (!options.model) {
      throw new ReasonrlError(
        'CONFIG_INVALID',
        'openai.model is empty: set it to the model name the endpoint serves (--set openai.model=...)',
      );
    }
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new ReasonrlError(
        'CONFIG_INVALID',
        `openai.baseUrl '${options.baseUrl}' is not a URL (expected e.g. http://127.0.0.1:8000/v1)`,
      );
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ReasonrlError('CONFIG_INVALID', `openai.baseUrl must be http(s), got '${options.baseUrl}'`);
    }
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  async generate(
    prompts: readonly string[],
    params: SamplingParams,
    options: GenerateOptions = {},
  ): Promise<GenerationResult[]> {
    const total = prompts.length * params.n;
    let done = 0;
    const results: GenerationResult[] = [];
    for (const prompt of prompts) {
      const outputs: Completion[] = [];
      const requests = this.options.useN ? [params.n] : new Array<number>(params.n).fill(1);
      for (const n of requests) {
        for (const choice of await this.complete(prompt, params, n)) {
          outputs.push(choice);
          options.onProgress?.(++done, total);
        }
      }
      results.push({ prompt, promptTokenIds: [], outputs });
    }
    return results;
  }

  /** One chat completion request with retries; returns its choices as completions. */
  private async complete(prompt: string, params: SamplingParams, n: number): Promise<Completion[]> {
    const messages = [
      ...(this.options.systemPrompt ? [{ role: 'system', content: this.options.systemPrompt }] : []),
      { role: 'user', content: prompt },
    ];
    const body: Record<string, unknown> = {
      model: this.options.model,
      messages,
      n,
      temperature: params.temperature,
      top_p: params.topP,
      max_tokens: params.maxTokens,
    };
    if (params.stop.length) body.stop = params.stop;
    if (params.seed !== undefined) body.seed = params.seed;
    if (params.minTokens > 0) body.min_tokens = params.minTokens; // vLLM extension
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const key = process.env[this.options.apiKeyEnv];
    if (key) headers.authorization = `Bearer ${key}`;

    const tries = this.options.maxRetries + 1;
    let lastProblem = '';
    for (let attempt = 0; attempt < tries; attempt++) {
      let retryAfterMs: number | null = null;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        const text = await res.text();
        if (res.ok) return this.parseChoices(text, params);
        lastProblem = `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 300)}`;
        if (!RETRYABLE_STATUS.has(res.status)) {
          const hint =
            res.status === 401 || res.status === 403
              ? ` (is ${this.options.apiKeyEnv} set to a valid key?)`
              : '';
          throw new ReasonrlError('OPENAI_HTTP', `POST ${this.url} failed: ${lastProblem}${hint}`);
        }
        const after = Number(res.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) retryAfterMs = Math.min(after * 1000, 60_000);
      } catch (err) {
        if (err instanceof ReasonrlError) throw err;
        lastProblem = networkReason(err);
      }
      if (attempt + 1 < tries) await sleep(retryAfterMs ?? this.options.retryBaseMs * 2 ** attempt);
    }
    const code =
      lastProblem === 'timed out'
        ? 'OPENAI_TIMEOUT'
        : lastProblem.startsWith('HTTP')
          ? 'OPENAI_HTTP'
          : 'OPENAI_UNREACHABLE';
    const detail =
      lastProblem === 'timed out' ? `no answer within ${this.options.timeoutMs} ms` : lastProblem;
    throw new ReasonrlError(
      code,
      `cannot get a completion from the OpenAI-compatible endpoint ${this.url} after ${tries} tries: ${detail}. ` +
        'Is the server running, and is openai.baseUrl right?',
    );
  }

  private parseChoices(text: string, params: SamplingParams): Completion[] {
    let json: { choices?: ChatChoice[] };
    try {
      json = JSON.parse(text);
    } catch {
      throw new ReasonrlError(
        'OPENAI_BAD_RESPONSE',
        `POST ${this.url}: the answer is not JSON: ${text.slice(0, 200)}`,
      );
    }
    if (!Array.isArray(json.choices)) {
      throw new ReasonrlError(
        'OPENAI_BAD_RESPONSE',
        `POST ${this.url}: the answer has no "choices" array: ${text.slice(0, 200)}`,
      );
    }
    const choices = [...json.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return choices.map((c) => {
      let content = typeof c.message?.content === 'string' ? c.message.content : '';
      const hitStop = c.finish_reason === 'stop' && params.stop.length > 0;
      // Servers drop the stop string; put it back when asked to keep it and the text ended on one.
      if (hitStop && params.includeStopStrInOutput && !params.stop.some((s) => content.endsWith(s))) {
        content += params.stop[0];
      }
      return {
        text: content,
        tokenIds: [],
        finishReason: c.finish_reason === 'length' ? 'length' : 'stop',
      } satisfies Completion;
    });
  }

  async syncWeights(_weights: NamedWeights): Promise<{ ms: number }> {
    throw new ReasonrlError(
      'NOT_SUPPORTED',
      'the openai sampler serves a remote model and cannot take new weights; use a local sampler (onnx, tfjs) for training',
    );
  }
}
