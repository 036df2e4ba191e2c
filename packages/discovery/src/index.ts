export {
  BASELINE_PROPOSER_DEFAULTS,
  BaselineProposer,
  type BaselineProposerOptions,
} from './baseline-proposer.js';
export { DISCOVERY_DEFAULTS, DiscoveryConfig } from './discovery-config.js';
export {
  type BestCandidate,
  type CandidateRecord,
  type DiscoveryLoopOptions,
  type DiscoveryResult,
  type RoundSummary,
  runDiscoveryLoop,
} from './discovery-loop.js';
export {
  type Evaluation,
  evaluateProposal,
  type SandboxLimits,
  type VerdictReport,
} from './evaluate-proposal.js';
export { KISSING_PROBLEM, kissingPrompt } from './kissing-prompt.js';
export { LLM_PROPOSER_DEFAULTS, LlmProposer, type LlmProposerOptions } from './llm-proposer.js';
export type { Proposal, ProposalState, Proposer } from './proposer.js';
export { mulberry32, shuffleInPlace } from './random.js';
export { type ReportContext, renderReport } from './report.js';
export {
  type KissingDiscoveryOutcome,
  type RunKissingDiscoveryOptions,
  runKissingDiscovery,
} from './run-kissing-discovery.js';
export { ShellSearch } from './shell-search.js';
export { shellVectors } from './shell-vectors.js';
export { programFromPoints, writeDiscoveryArtifacts } from './write-artifacts.js';
