/**
 * Stop strings of a rollout graded by `graderName`: an r1_zero-graded response is complete at `</answer>` (kept in
 * the text, as the assignments do), whatever the prompt. Keying this on the prompt template instead let
 * question_only-prompted, r1_zero-graded rollouts run past `</answer>` to the token limit, and the grader then
 * rejected every answer (measured on the tiny preset: rollout answer reward ~0 while greedy validation scored 25%).
 */
export function stopStringsFor(graderName: string): string[] {
  return graderName === 'r1_zero' ? ['</answer>'] : [];
}
