export type { Proposal, ProposalState, Proposer } from './proposer.js';
export {
  BaselineProposer,
  BASELINE_PROPOSER_DEFAULTS,
  type BaselineProposerOptions,
} from './baseline-proposer.js';
export { LlmProposer, LLM_PROPOSER_DEFAULTS, type LlmProposerOptions } from './llm-proposer.js';
export { KISSING_PROBLEM, kissingPrompt } from './kissing-prompt.js';
export { ShellSearch } from './shell-search.js';
export { shellVectors } from './shell-vectors.js';
export { mulberry32, shuffleInPlace } from './random.js';
export {
  evaluateProposal,
  type Evaluation,
  type SandboxLimits,
  type VerdictReport,
} from './evaluate-proposal.js';
export {
  runDiscoveryLoop,
  type BestCandidate,
  type CandidateRecord,
  type DiscoveryLoopOptions,
  type DiscoveryResult,
  type RoundSummary,
} from './discovery-loop.js';
export { renderReport, type ReportContext } from './report.js';
export { programFromPoints, writeDiscoveryArtifacts } from './write-artifacts.js';
export { DiscoveryConfig, DISCOVERY_DEFAULTS } from './discovery-config.js';
export {
  runKissingDiscovery,
  type KissingDiscoveryOutcome,
  type RunKissingDiscoveryOptions,
} from './run-kissing-discovery.js';
