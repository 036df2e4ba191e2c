export {
  type ChatTestReply,
  type ChatTestRequest,
  type ChatTestServer,
  chatCompletionBody,
  startChatTestServer,
} from './chat-test-server.js';
export { OpenAiChatSampler, type OpenAiSamplerOptions } from './openai-chat-sampler.js';
export { default, OpenAiSamplerConfig } from './plugin.js';
