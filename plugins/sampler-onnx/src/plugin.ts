import { definePlugin, ReasonrlError } from '@reasonrl/core';
import { OnnxSamplerConfig } from './config.js';
import { OnnxSampler } from './onnx-sampler.js';

/** `use.sampler: onnx`: rollouts on onnxruntime-node, configured by the `onnxSampler` section. */
export default definePlugin({
  name: 'reasonrl:sampler-onnx',
  description: 'Fast rollouts: ONNX graphs of the Qwen2/Qwen3 policy on onnxruntime-node with a KV cache',
  configKey: 'onnxSampler',
  configSchema: OnnxSamplerConfig,
  provides: [
    {
      kind: 'Sampler',
      name: 'onnx',
      description:
        'onnxruntime-node sampler (prefill + KV-cache decode graphs, vLLM SamplingParams semantics)',
      create: async ({ options }) => {
        if (!options.model) {
          throw new ReasonrlError(
            'CONFIG_INVALID',
            'onnx sampler: set onnxSampler.model to a checkpoint directory (e.g. --set onnxSampler.model=path/to/model, or --model DIR for reasonrl eval / best-of-n)',
          );
        }
        return OnnxSampler.load(options.model, options);
      },
    },
  ],
});
