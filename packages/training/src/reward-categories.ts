/**
 * The three categories of CS336 A5 §3 (zero-shot MATH baseline), plus the fourth cell that the
 * r1_zero grader never produces (a correct answer without the format):
 * - `format1Answer1`: formatted and correct;
 * - `format1Answer0`: formatted, wrong answer (look at these: grader or model?);
 * - `format0Answer0`: not formatted (look at these: the model ignored the prompt's format);
 * - `format0Answer1`: not formatted but correct (graders that reward the answer alone, e.g. question_only).
 */
export const CATEGORIES = ['format1Answer1', 'format1Answer0', 'format0Answer0', 'format0Answer1'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The category of one graded response (rewards >= 0.5 count as 1). */
export function categorize(formatReward: number, answerReward: number): Category {
  const f = formatReward >= 0.5 ? 1 : 0;
  const a = answerReward >= 0.5 ? 1 : 0;
  return `format${f}Answer${a}` as Category;
}

/** How many responses fall in each category. */
export function countCategories(
  rewards: readonly { formatReward: number; answerReward: number }[],
): Record<Category, number> {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const r of rewards) counts[categorize(r.formatReward, r.answerReward)]++;
  return counts;
}
