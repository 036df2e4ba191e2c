export { OpenAiChatSampler, type OpenAiSamplerOptions } from './openai-chat-sampler.js';
export { OpenAiSamplerConfig } from './plugin.js';
export { default } from './plugin.js';
export {
  startChatTestServer,
  chatCompletionBody,
  type ChatTestServer,
  type ChatTestReply,
  type ChatTestRequest,
} from './chat-test-server.js';
