import { z } from '@reasonrl/core';

/** Every knob of `reasonrl discover kissing`, with its default and meaning (also the CLI's `--help`). */
export const DiscoveryConfig = z.strictObject({
  proposer: z
    .enum(['baseline', 'llm'])
    .default('baseline')
    .describe(
      'Who proposes candidates. baseline: local search on an integer shell, no model. llm: the selected Sampler writes programs.',
    ),
  rounds: z.number().int().min(1).default(10).describe('Most rounds of propose -> verify -> feed back.'),
  candidatesPerRound: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('Best-of-N: candidates per round (samples per prompt for an LLM).'),
  roundBudgetMs: z
    .number()
    .int()
    .min(1)
    .default(5000)
    .describe('Proposing time per round for the baseline search, in ms.'),
  timeBudgetMs: z
    .number()
    .int()
    .min(1)
    .default(600_000)
    .describe('Wall-clock budget of the whole run in ms; no round starts after it.'),
  target: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Stop once a valid set has this many points (0: run all rounds).'),
  shell: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('Baseline: squared norm of the shell it searches (4 works best here).'),
  worsenProbability: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('Baseline: chance of keeping a move that loses one point (escapes plateaus).'),
  seed: z.number().int().default(0).describe('Baseline: seed of its random choices.'),
  restartAfterMoves: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('Baseline: start a fresh greedy set when the walk has not grown for this many moves.'),
  languages: z
    .array(z.enum(['javascript', 'python']))
    .min(1)
    .default(['javascript'])
    .describe('LLM: languages its programs may use (python only runs where python3 exists).'),
  temperature: z.number().min(0).default(1).describe('LLM: sampling temperature.'),
  maxTokens: z.number().int().min(1).default(4096).describe('LLM: most new tokens per answer.'),
  programTimeoutMs: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('Sandbox: wall-clock bound of one program, in ms.'),
  programMemoryMb: z
    .number()
    .int()
    .min(16)
    .default(512)
    .describe('Sandbox: memory bound of one program, in MiB.'),
  maxOutputBytes: z
    .number()
    .int()
    .min(1)
    .default(4 * 1024 * 1024)
    .describe('Sandbox: most bytes a program may print.'),
});
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;
export const DISCOVERY_DEFAULTS: DiscoveryConfig = DiscoveryConfig.parse({});
