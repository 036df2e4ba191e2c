/** One logged metric: its stable name, what it means, and which loops log it. */
export interface MetricName {
  name: string;
  description: string;
  /** `all`, or the algorithms that log it. */
  loggedBy: 'all' | readonly ('sft' | 'ei' | 'grpo')[];
}

/**
 * The metric names table (DESIGN rule 8): every name a training loop logs, defined once. Names
 * reuse TRL's where they mean the same thing (`loss`, `grad_norm`, `learning_rate`, `clip_fraction`).
 * `time/<phase>` (see StepTimer) and `val/...` are families: the prefix is listed.
 */
export const METRIC_NAMES: readonly MetricName[] = [
  {
    name: 'loss',
    description:
      'Training loss of the optimizer step (sum over microbatches of the already-divided microbatch losses).',
    loggedBy: 'all',
  },
  { name: 'grad_norm', description: 'Global L2 norm of the gradient before clipping.', loggedBy: 'all' },
  { name: 'learning_rate', description: 'Learning rate used for this optimizer step.', loggedBy: 'all' },
  {
    name: 'token_entropy',
    description: 'Mean entropy (nats) of the next-token distribution over response tokens.',
    loggedBy: 'all',
  },
  {
    name: 'clip_fraction',
    description: 'Fraction of response tokens whose ratio was clipped (grpo_clip; off-policy).',
    loggedBy: ['grpo'],
  },
  { name: 'reward/total', description: 'Mean reward of the rollouts of the step.', loggedBy: ['ei', 'grpo'] },
  {
    name: 'reward/format',
    description: 'Mean format reward (the response followed the template).',
    loggedBy: ['ei', 'grpo'],
  },
  {
    name: 'reward/answer',
    description: 'Mean answer reward (the answer was graded correct).',
    loggedBy: ['ei', 'grpo'],
  },
  {
    name: 'reward_std',
    description: "Standard deviation of the rollouts' rewards over the whole batch.",
    loggedBy: ['ei', 'grpo'],
  },
  {
    name: 'frac_zero_std_groups',
    description: 'Fraction of groups whose rewards are all equal (no learning signal).',
    loggedBy: ['grpo'],
  },
  { name: 'response_length/mean', description: 'Mean response length in tokens.', loggedBy: ['ei', 'grpo'] },
  { name: 'response_length/max', description: 'Longest response in tokens.', loggedBy: ['ei', 'grpo'] },
  {
    name: 'response_length/truncated_fraction',
    description: 'Fraction of responses cut at the max token limit.',
    loggedBy: ['ei', 'grpo'],
  },
  {
    name: 'logprob_diff/mean_abs',
    description:
      'Mean |sampler log-prob - trainer log-prob| over response tokens (sampler/trainer mismatch).',
    loggedBy: ['grpo'],
  },
  {
    name: 'logprob_diff/max_abs',
    description: 'Largest |sampler log-prob - trainer log-prob| over response tokens.',
    loggedBy: ['grpo'],
  },
  {
    name: 'ei/kept',
    description: 'Rollouts kept (verified correct) in this Expert Iteration step.',
    loggedBy: ['ei'],
  },
  {
    name: 'ei/kept_questions',
    description: 'Questions with at least minKeptPerQuestion kept rollouts.',
    loggedBy: ['ei'],
  },
  {
    name: 'sft/examples',
    description: 'Training examples after --limit-examples and --filter-correct.',
    loggedBy: ['sft'],
  },
  { name: 'epoch', description: 'Pass over the training data (SFT) or the question set.', loggedBy: 'all' },
  {
    name: 'time/',
    description:
      'Wall seconds of a phase of the step: generate, grade, old_logprob, train, sync, eval, checkpoint.',
    loggedBy: 'all',
  },
  {
    name: 'val/',
    description:
      'Validation: val/reward/total, val/reward/format, val/reward/answer (accuracy), val/response_length/mean.',
    loggedBy: 'all',
  },
];

/** Whether `name` is in the table (exactly, or under a family prefix such as `time/`). */
export function isKnownMetric(name: string): boolean {
  return METRIC_NAMES.some((m) => (m.name.endsWith('/') ? name.startsWith(m.name) : m.name === name));
}
