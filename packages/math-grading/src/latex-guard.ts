/** Limits that keep a CAS call bounded on adversarial input. */
export interface LatexGuardLimits {
  /** Longest string handed to the CAS (characters). */
  maxLength: number;
  /** Deepest `{}`/`()`/`[]` nesting. */
  maxNesting: number;
  /** Most exponents stacked on each other (`2^{2^{9}}` has 2). */
  maxPowerTower: number;
  /** Largest integer literal, in digits, that may appear inside an exponent. */
  maxExponentDigits: number;
}

export const DEFAULT_LATEX_GUARD: LatexGuardLimits = {
  maxLength: 512,
  maxNesting: 24,
  maxPowerTower: 2,
  maxExponentDigits: 4,
};

/**
 * Why `latex` must not go to the CAS, or `null` when it may. One linear scan; cheap on 1 MB inputs.
 * Exponent towers and huge exponents are refused because exact evaluation of `2^{2^{2^{2^{9}}}}` does
 * not finish; the answer then counts as not equal unless its normalized string matches.
 */
export function latexGuard(latex: string, limits: LatexGuardLimits = DEFAULT_LATEX_GUARD): string | null {
  if (latex.length > limits.maxLength) return `longer than ${limits.maxLength} characters`;
  // Each open group remembers whether it is an exponent group and the tower height at its start.
  const groupIsExponent: boolean[] = [];
  let tower = 0;
  let pendingExponent = false;
  let digitsInExponent = 0;
  for (let i = 0; i < latex.length; i++) {
    const ch = latex[i];
    if (ch === '^') {
      pendingExponent = true;
      digitsInExponent = 0;
      if (tower + 1 > limits.maxPowerTower) return `exponent tower deeper than ${limits.maxPowerTower}`;
      continue;
    }
    if (ch === '{' || ch === '(' || ch === '[') {
      groupIsExponent.push(pendingExponent);
      if (pendingExponent) tower++;
      pendingExponent = false;
      if (groupIsExponent.length > limits.maxNesting) return `nested deeper than ${limits.maxNesting}`;
      continue;
    }
    if (ch === '}' || ch === ')' || ch === ']') {
      if (groupIsExponent.pop()) tower--;
      digitsInExponent = 0;
      continue;
    }
    if (ch >= '0' && ch <= '9') {
      if (tower > 0 || pendingExponent) {
        digitsInExponent++;
        if (digitsInExponent > limits.maxExponentDigits) {
          return `exponent with more than ${limits.maxExponentDigits} digits`;
        }
      }
      // `^9` without braces: a single-token exponent, which ends here.
      if (pendingExponent) pendingExponent = false;
      continue;
    }
    digitsInExponent = 0;
    if (pendingExponent && ch !== ' ' && ch !== '\\') pendingExponent = false;
  }
  return null;
}
