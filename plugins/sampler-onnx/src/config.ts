import { z } from '@reasonrl/core';

/** The `onnxSampler` config section (`--set onnxSampler.intraOpNumThreads=2`). */
export const OnnxSamplerConfig = z.strictObject({
  model: z
    .string()
    .default('')
    .describe(
      'Hugging Face checkpoint directory (config.json, model.safetensors, tokenizer.json) to roll out; required.',
    ),
  executionProvider: z
    .enum(['cpu', 'cuda'])
    .default('cpu')
    .describe(
      "Where onnxruntime runs: 'cpu' (always available) or 'cuda' (needs onnxruntime-node's CUDA 12 provider, " +
        'installed with ONNXRUNTIME_NODE_INSTALL=cuda12; checked when the sampler starts).',
    ),
  intraOpNumThreads: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Threads onnxruntime uses inside one operator; 0 = ORT's default (one per physical core)."),
  workers: z
    .union([z.literal('auto'), z.number().int().min(1).max(64)], {
      error: "expected 'auto' or a whole number of workers from 1 to 64",
    })
    .default('auto')
    .describe(
      'Worker threads that roll out, each with its own ORT sessions and a share of the rows (whole prompts, or a ' +
        "prompt's samples when there are fewer prompts than workers); samples are the same whatever the split. " +
        "'auto': 2 on the CPU provider with intraOpNumThreads 0, at least 2 CPUs and at most 256 MiB of weights " +
        '(each worker holds a copy), each with half the CPUs (decode x0.70-0.83 on the issue-6 bench with 2 CPUs: no ' +
        "waits for ORT's threads on small operators, sampling side by side); else 1 (the caller's thread). A number: " +
        'that many, each with intraOpNumThreads threads (0: the CPUs split evenly).',
    ),
  intraOpSpinning: z
    .boolean()
    .default(true)
    .describe(
      "Let onnxruntime's intra-op threads spin while they wait for work during a run (ORT's default; they stop " +
        'spinning when each run ends, so they do not slow the sampler between steps) instead of sleeping. On a ' +
        'machine whose cores other jobs load, false measured up to 1.5-2.5x faster decode steps with 2 threads; ' +
        'on idle cores ~10% slower.',
    ),
  kvCacheBytes: z
    .number()
    .positive()
    .default(2 * 1024 ** 3)
    .describe(
      'Memory budget of the KV cache in bytes: limits how many sequences decode together (each reserves its longest ' +
        "possible length, less the prefix shared by all prompts with 'static' attention, twice while a step copies " +
        'the cache). More rows = more tokens/s until the cores are busy. Split evenly among rollout workers.',
    ),
  maxBatchSize: z
    .number()
    .int()
    .positive()
    .default(256)
    .describe(
      'Most sequences decoding together, whatever the budget (split evenly among rollout workers, at least 1 each).',
    ),
  attention: z
    .enum(['static', 'gqa', 'standard'])
    .default('static')
    .describe(
      "Decode attention. 'static': standard ops reading a fixed-capacity KV cache that is never copied (only the new " +
        "token's KV leaves the graph; with a shared prompt prefix (sharedPrefixMin) that prefix is kept once, not per " +
        "row, and read once per step for all rows; fastest measured); 'gqa': ORT's GroupQueryAttention contrib op on the same cache " +
        "(needs headDim % 16 == 0; copies the cache inside ORT each step); 'standard': the cache grows by Concat (a copy " +
        'per step). Prefill uses GroupQueryAttention when headDim % 16 == 0.',
    ),
  sharedPrefixMin: z
    .number()
    .int()
    .min(0)
    .default(16)
    .describe(
      'Prefill the token prefix common to all prompts of a generate call once when it has at least this many tokens ' +
        "(prompts from one template share hundreds); with 'static' attention decode also keeps that prefix's KV once " +
        'for all rows and reads it once per step (each row stores only its tokens after it; with n > 1 samples per ' +
        "prompt, each prompt's own tokens are also kept and read once for its samples); 0 disables both. Needs " +
        'the GroupQueryAttention prefill (headDim % 16 == 0).',
    ),
  decodeBuckets: z
    .number()
    .int()
    .min(1)
    .max(16)
    .default(3)
    .describe(
      "With 'static' attention (n = 1 per prompt, or no shared prefix): decode rows are split into at most this many " +
        'buckets by prompt length, each with its own KV capacity (its longest prompt + maxTokens), so short prompts ' +
        'do not reserve, and read at every step, as many cache slots as the longest. A call with more rows than the ' +
        'KV budget (kvCacheBytes, maxBatchSize) lets decode at once keeps one capacity. 1 = one capacity for all rows.',
    ),
  cacheGrowth: z
    .number()
    .int()
    .min(0)
    .default(32)
    .describe(
      "With 'static' attention: the rows' KV is laid out with room for the longest row + this many slots, widened " +
        'in place by as many again when a row reaches it, so that each step reads the slots rows use rather than ' +
        'all those reserved for maxTokens (memory is still reserved for them); 0 = lay out the whole capacity at once.',
    ),
  weights: z
    .enum(['inputs', 'initializers', 'decode-initializers'])
    .default('decode-initializers')
    .describe(
      "'decode-initializers' (default): the prefill graphs take the weights as inputs, the decode graphs bake them " +
        'in (ORT pre-packs them: decode steps x0.91 on the issue-6 bench) and syncWeights releases those, so the next ' +
        'generate rebuilds the one it needs (lastStats.decodeBuildMs: ~50 ms for a 3M-parameter model); models over ' +
        "256 MiB of weights keep inputs for decode. 'inputs': weights are graph inputs everywhere, so syncWeights swaps " +
        "arrays without any rebuild; 'initializers': baked into every graph, syncWeights rebuilds every session.",
    ),
});
export type OnnxSamplerConfig = z.infer<typeof OnnxSamplerConfig>;

/** Every default in one place. */
export const DEFAULT_ONNX_SAMPLER_CONFIG: OnnxSamplerConfig = OnnxSamplerConfig.parse({});
