import { formatIssues, type Grader, type Kernel, ReasonrlError, type Sampler } from '@reasonrl/core';
import { BaselineProposer } from './baseline-proposer.js';
import { DiscoveryConfig } from './discovery-config.js';
import { type DiscoveryResult, type RoundSummary, runDiscoveryLoop } from './discovery-loop.js';
import { LlmProposer } from './llm-proposer.js';
import type { Proposer } from './proposer.js';
import { writeDiscoveryArtifacts } from './write-artifacts.js';

export interface RunKissingDiscoveryOptions {
  /** Where conversation_log.json, points.json, program.js and report.md go. */
  outDir: string;
  /** Settings (validated; missing fields take their defaults). */
  config?: Partial<DiscoveryConfig>;
  /** The verifier; default: the kernel's Grader `kissing`. */
  grader?: Grader;
  /** The model for `proposer: llm`; default: the kernel's selected Sampler. */
  sampler?: Sampler;
  /** Resolves the grader and the sampler by name when they are not given. */
  kernel?: Kernel;
  /** A ready proposer; replaces `config.proposer` (e.g. a custom search). */
  proposer?: Proposer;
  onRound?: (round: RoundSummary) => void;
  signal?: AbortSignal;
}

export interface KissingDiscoveryOutcome extends DiscoveryResult {
  config: DiscoveryConfig;
  /** Files written to `outDir`. */
  files: string[];
}

async function resolveGrader(options: RunKissingDiscoveryOptions): Promise<Grader> {
  if (options.grader) return options.grader;
  if (!options.kernel) {
    throw new ReasonrlError(
      'DISCOVERY_NO_GRADER',
      'runKissingDiscovery: pass `grader`, or a `kernel` with the reasonrl:kissing plugin loaded',
    );
  }
  return options.kernel.get('Grader', 'kissing');
}

async function resolveProposer(
  options: RunKissingDiscoveryOptions,
  config: DiscoveryConfig,
): Promise<Proposer> {
  if (options.proposer) return options.proposer;
  if (config.proposer === 'baseline')
    return new BaselineProposer({
      shell: config.shell,
      seed: config.seed,
      worsenProbability: config.worsenProbability,
      restartAfterMoves: config.restartAfterMoves,
      dimension: 11,
    });
  const sampler = options.sampler ?? (await options.kernel?.get('Sampler'));
  if (!sampler) {
    throw new ReasonrlError(
      'DISCOVERY_NO_SAMPLER',
      "runKissingDiscovery: proposer 'llm' needs a `sampler`, or a `kernel` with use.sampler set",
    );
  }
  return new LlmProposer(sampler, {
    languages: config.languages,
    sampling: { temperature: config.temperature, maxTokens: config.maxTokens },
  });
}

/**
 * `reasonrl discover kissing`: run the verifier-guided loop with the baseline or an LLM proposer and
 * write the conversation log, the best program and points, and report.md to `outDir`.
 */
export async function runKissingDiscovery(
  options: RunKissingDiscoveryOptions,
): Promise<KissingDiscoveryOutcome> {
  const parsed = DiscoveryConfig.safeParse(options.config ?? {});
  if (!parsed.success) {
    throw new ReasonrlError(
      'CONFIG_INVALID',
      `invalid discovery config:\n${formatIssues(parsed.error.issues, DiscoveryConfig, options.config ?? {}, [
        'discovery',
      ])
        .map((i) => `  - ${i}`)
        .join('\n')}`,
    );
  }
  const config = parsed.data;
  const grader = await resolveGrader(options);
  const proposer = await resolveProposer(options, config);
  const startedAt = new Date().toISOString();
  try {
    const result = await runDiscoveryLoop({
      proposer,
      grader,
      rounds: config.rounds,
      candidatesPerRound: config.candidatesPerRound,
      roundBudgetMs: config.roundBudgetMs,
      timeBudgetMs: config.timeBudgetMs,
      target: config.target,
      sandbox: {
        timeoutMs: config.programTimeoutMs,
        memoryMb: config.programMemoryMb,
        maxOutputBytes: config.maxOutputBytes,
      },
      onRound: options.onRound,
      signal: options.signal,
    });
    const files = await writeDiscoveryArtifacts(options.outDir, result, {
      proposer: proposer.name,
      rounds: config.rounds,
      candidatesPerRound: config.candidatesPerRound,
      roundBudgetMs: config.roundBudgetMs,
      timeBudgetMs: config.timeBudgetMs,
      startedAt,
    });
    return { ...result, config, files };
  } finally {
    if (!options.proposer) await proposer.dispose?.();
  }
}
