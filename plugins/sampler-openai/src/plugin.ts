import { definePlugin, z } from '@reasonrl/core';
import { OpenAiChatSampler } from './openai-chat-sampler.js';

export const OpenAiSamplerConfig = z.strictObject({
  baseUrl: z
    .string()
    .default('http://127.0.0.1:8000/v1')
    .describe(
      'Endpoint root with /chat/completions below it (vLLM serve: http://127.0.0.1:8000/v1; OpenAI: https://api.openai.com/v1).',
    ),
  model: z.string().default('').describe('Model name the endpoint serves (required).'),
  apiKeyEnv: z
    .string()
    .default('OPENAI_API_KEY')
    .describe('Environment variable with the API key; sent as a Bearer token when set.'),
  timeoutMs: z.number().int().min(1).default(120_000).describe('Per-request timeout in ms.'),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .default(3)
    .describe('Retries for network errors, timeouts, 408, 429 and 5xx.'),
  retryBaseMs: z
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('First back-off delay in ms, doubling each retry (Retry-After wins).'),
  systemPrompt: z.string().default('').describe('System message sent before each prompt (empty: none).'),
  useN: z
    .boolean()
    .default(true)
    .describe('Ask for n samples in one request; false sends n requests (servers without n).'),
});
export type OpenAiSamplerConfig = z.infer<typeof OpenAiSamplerConfig>;

export default definePlugin({
  name: 'reasonrl:openai',
  description: 'Sampler for any OpenAI-compatible chat completions endpoint (vLLM, llama.cpp server, OpenAI)',
  configKey: 'openai',
  configSchema: OpenAiSamplerConfig,
  provides: [
    {
      kind: 'Sampler',
      name: 'openai',
      description: 'Chat completions over HTTP; text only (no token ids), cannot take trained weights',
      create: ({ options }) => new OpenAiChatSampler(options),
    },
  ],
});
