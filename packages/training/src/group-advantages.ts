import { TrainingError } from './errors.js';

/**
 * Group-normalized advantages on plain arrays (the number-level twin of rl-math's tensor
 * `computeGroupNormalizedRewards`, for loops that must not hold tensors):
 *
 *   A_i = (r_i - mean(r_group)) / (std(r_group) + advantageEps)   when normalizeByStd
 *   A_i =  r_i - mean(r_group)                                    otherwise
 *
 * with std unbiased (n - 1), as torch.std in CS336.
 *
 * @param rawRewards (N,) rewards, the `groupSize` rollouts of one prompt adjacent.
 * @returns (N,) advantages in the same order.
 */
export function groupNormalizedAdvantages(
  rawRewards: readonly number[],
  groupSize: number,
  advantageEps: number,
  normalizeByStd: boolean,
): number[] {
  if (!Number.isInteger(groupSize) || groupSize < 1 || rawRewards.length % groupSize !== 0) {
    throw new TrainingError(
      'BATCH_SHAPE',
      `groupNormalizedAdvantages: ${rawRewards.length} rewards cannot be split into groups of ${groupSize}; expected a multiple of groupSize`,
    );
  }
  const out: number[] = [];
  for (let g = 0; g < rawRewards.length; g += groupSize) {
    const group = rawRewards.slice(g, g + groupSize);
    const mean = group.reduce((a, b) => a + b, 0) / groupSize;
    const centered = group.map((r) => r - mean);
    if (!normalizeByStd) {
      out.push(...centered);
      continue;
    }
    const std =
      groupSize > 1 ? Math.sqrt(centered.reduce((a, c) => a + c * c, 0) / (groupSize - 1)) : Number.NaN;
    out.push(...centered.map((c) => c / (std + advantageEps)));
  }
  return out;
}
