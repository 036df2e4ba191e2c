import { createKernel, DEFAULT_SAMPLING_PARAMS } from '@reasonrl/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChatTestServer, chatCompletionBody, startChatTestServer } from './chat-test-server.js';
import { OpenAiChatSampler, type OpenAiSamplerOptions } from './openai-chat-sampler.js';
import plugin from './plugin.js';

const base: Omit<OpenAiSamplerOptions, 'baseUrl'> = {
  model: 'tiny-test',
  apiKeyEnv: 'REASONRL_TEST_OPENAI_KEY',
  timeoutMs: 2000,
  maxRetries: 2,
  retryBaseMs: 10,
  systemPrompt: '',
  useN: true,
};
const params = { ...DEFAULT_SAMPLING_PARAMS, n: 2, stop: [], temperature: 0.7, maxTokens: 64 };

let server: ChatTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  delete process.env.REASONRL_TEST_OPENAI_KEY;
});

describe('OpenAiChatSampler against a loopback OpenAI-compatible server', () => {
  it('sends the prompt, model, sampling fields and key; returns every choice', async () => {
    server = await startChatTestServer(() => ({ body: chatCompletionBody(['first', 'second']) }));
    process.env.REASONRL_TEST_OPENAI_KEY = 'sk-test';
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: server.baseUrl, systemPrompt: 'be brief' });
    const progress: number[] = [];
    const [result] = await sampler.generate(
      ['What is 2+2?'],
      { ...params, seed: 5 },
      { onProgress: (d) => progress.push(d) },
    );
    expect(result.outputs.map((o) => o.text)).toEqual(['first', 'second']);
    expect(result.outputs[0].finishReason).toBe('stop');
    expect(progress).toEqual([1, 2]);
    const req = server.requests[0];
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({
      model: 'tiny-test',
      n: 2,
      temperature: 0.7,
      top_p: 1,
      max_tokens: 64,
      seed: 5,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'What is 2+2?' },
      ],
    });
    expect(req.body.stop).toBeUndefined();
  });

  it('sends n single requests when useN is off, and maps finish_reason length', async () => {
    server = await startChatTestServer((r) => ({
      body: chatCompletionBody([`answer ${r.index}`], 'length'),
    }));
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: server.baseUrl, useN: false });
    const [result] = await sampler.generate(['p'], params);
    expect(result.outputs.map((o) => [o.text, o.finishReason])).toEqual([
      ['answer 0', 'length'],
      ['answer 1', 'length'],
    ]);
    expect(server.requests.map((r) => r.body.n)).toEqual([1, 1]);
  });

  it('retries 503 and 429 with back-off, then succeeds', async () => {
    server = await startChatTestServer((r) =>
      r.index === 0
        ? { status: 503, body: { error: 'busy' } }
        : r.index === 1
          ? { status: 429, body: {} }
          : { body: chatCompletionBody(['ok']) },
    );
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: server.baseUrl });
    const [result] = await sampler.generate(['p'], { ...params, n: 1 });
    expect(result.outputs[0].text).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 401 and says which variable holds the key', async () => {
    server = await startChatTestServer(() => ({ status: 401, body: { error: 'bad key' } }));
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: server.baseUrl });
    await expect(sampler.generate(['p'], params)).rejects.toThrow(/HTTP 401.*REASONRL_TEST_OPENAI_KEY/);
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers, after its retries', async () => {
    server = await startChatTestServer(() => ({ hang: true }));
    const sampler = new OpenAiChatSampler({
      ...base,
      baseUrl: server.baseUrl,
      timeoutMs: 150,
      maxRetries: 1,
    });
    await expect(sampler.generate(['p'], params)).rejects.toMatchObject({ code: 'OPENAI_TIMEOUT' });
    expect(server.requests).toHaveLength(2);
  });

  it('gives a clear error when the endpoint is unreachable', async () => {
    const gone = await startChatTestServer(() => ({ body: {} }));
    await gone.close(); // the port is now closed: connections are refused
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: gone.baseUrl, maxRetries: 1 });
    const error = await sampler.generate(['p'], params).then(
      () => ({ code: 'resolved', message: '' }),
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error.code).toBe('OPENAI_UNREACHABLE');
    expect(error.message).toContain(`${gone.baseUrl}/chat/completions after 2 tries: ECONNREFUSED`);
  });

  it('rejects an answer without choices, a missing model and a bad URL', async () => {
    server = await startChatTestServer(() => ({ body: { nope: 1 } }));
    await expect(
      new OpenAiChatSampler({ ...base, baseUrl: server.baseUrl }).generate(['p'], params),
    ).rejects.toThrow(/no "choices" array/);
    expect(() => new OpenAiChatSampler({ ...base, baseUrl: server!.baseUrl, model: '' })).toThrow(
      /openai.model is empty/,
    );
    expect(() => new OpenAiChatSampler({ ...base, baseUrl: 'localhost:8000' })).toThrow(
      /must be http\(s\)|is not a URL/,
    );
  });

  it('refuses new weights', async () => {
    const sampler = new OpenAiChatSampler({ ...base, baseUrl: 'http://127.0.0.1:1/v1' });
    await expect(sampler.syncWeights(new Map())).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('is the kernel Sampler "openai" configured by the openai section', async () => {
    server = await startChatTestServer(() => ({ body: chatCompletionBody(['via kernel']) }));
    const kernel = await createKernel(
      { use: { sampler: 'openai' }, openai: { baseUrl: server.baseUrl, model: 'm' } },
      { plugins: [plugin] },
    );
    const sampler = await kernel.get('Sampler');
    const [result] = await sampler.generate(['p'], { ...params, n: 1 });
    expect(result.outputs[0].text).toBe('via kernel');
    await kernel.dispose();
  });
});
