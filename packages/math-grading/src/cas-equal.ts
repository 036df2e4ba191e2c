import { ComputeEngine } from '@cortex-js/compute-engine';
import { latexGuard } from './latex-guard.js';
import { numbersClose } from './number-literal.js';

type Engine = InstanceType<typeof ComputeEngine>;
type Expr = NonNullable<ReturnType<Engine['parse']>>;

/** What the CAS concluded about two LaTeX answers. */
export interface CasVerdict {
  equal: boolean;
  /** How it was decided: `symbolic` (CAS equality), `numeric` (random points), or why it was not. */
  method: 'symbolic' | 'numeric' | 'undecided' | 'timeout' | 'unparsable' | 'guarded' | 'too-many-variables';
  detail?: string;
}

export interface CasOptions {
  /** Wall-clock budget for the whole comparison, ms; past it the answers count as not equal. */
  timeoutMs: number;
  /** Most free variables an expression may have (the reference allows two). */
  maxFreeVariables: number;
}

export const DEFAULT_CAS_OPTIONS: CasOptions = { timeoutMs: 1000, maxFreeVariables: 2 };

/** One engine, renewed now and then; every comparison runs in its own scope, so the symbols one answer
 * declares (`f` as a function in `f(x)`) do not change how the next answer parses. */
const ENGINE_RENEW_AFTER = 20_000;
let engine: Engine | undefined;
let comparisons = 0;

function currentEngine(): Engine {
  if (!engine || comparisons > ENGINE_RENEW_AFTER) {
    engine = new ComputeEngine();
    comparisons = 0;
    // The first parse and evaluation load the engine's libraries (~0.3 s): not part of any answer's budget.
    engine
      .parse('\\frac{\\sqrt{2}}{2}+x^2')
      .subs({ x: engine.number(0.5) })
      .N();
  }
  return engine;
}

function parseLatex(ce: Engine, latex: string): Expr | null {
  try {
    const parsed = ce.parse(latex);
    return parsed?.isValid ? parsed : null;
  } catch {
    return null;
  }
}

/** Deterministic sample points (a fixed LCG), away from 0 and 1 where many identities hold by accident. */
function samplePoints(count: number, variables: number): number[][] {
  let state = 0x2545f491;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => Array.from({ length: variables }, () => 0.3 + 2.4 * next()));
}

function numericValue(expr: Expr): { re: number; im: number } | null {
  const v = expr.N();
  const re = v.re;
  const im = v.im;
  if (typeof re !== 'number' || Number.isNaN(re)) return null;
  return { re, im: typeof im === 'number' && !Number.isNaN(im) ? im : 0 };
}

/** Compares at random points: equal when every point where both sides are finite agrees (and >= 3 do). */
function equalAtRandomPoints(ce: Engine, a: Expr, b: Expr, variables: string[]): boolean | undefined {
  let agreeing = 0;
  for (const point of samplePoints(6, variables.length)) {
    const substitution: Record<string, Expr> = {};
    variables.forEach((name, k) => {
      substitution[name] = ce.number(point[k]);
    });
    const va = numericValue(variables.length ? a.subs(substitution) : a);
    const vb = numericValue(variables.length ? b.subs(substitution) : b);
    if (!va || !vb || !Number.isFinite(va.re) || !Number.isFinite(vb.re)) continue;
    if (!numbersClose(va.re, vb.re, 1e-8) || !numbersClose(va.im, vb.im, 1e-8)) return false;
    agreeing++;
  }
  return agreeing >= 3 ? true : undefined;
}

/**
 * Whether two LaTeX answers are mathematically equal, decided by the Compute Engine CAS: its equality
 * first, then numeric evaluation at random points where that is undecided (free variables). Never throws;
 * a comparison that runs past `timeoutMs`, input the guard refuses, or LaTeX that does not parse counts
 * as not equal, with the reason in `method`.
 *
 * @param a LaTeX of one answer (normalized, one element of a tuple)
 * @param b LaTeX of the other
 */
export function casEqual(a: string, b: string, options: Partial<CasOptions> = {}): CasVerdict {
  const { timeoutMs, maxFreeVariables } = { ...DEFAULT_CAS_OPTIONS, ...options };
  const guard = latexGuard(a) ?? latexGuard(b);
  if (guard) return { equal: false, method: 'guarded', detail: guard };
  let ce: Engine;
  try {
    ce = currentEngine();
  } catch (error) {
    return { equal: false, method: 'unparsable', detail: `CAS failed to start: ${String(error)}` };
  }
  comparisons++;
  ce.pushScope();
  try {
    return compareInScope(ce, a, b, timeoutMs, maxFreeVariables);
  } catch (error) {
    return {
      equal: false,
      method: 'unparsable',
      detail: String((error as Error)?.message ?? error).slice(0, 200),
    };
  } finally {
    ce.popScope();
  }
}

function compareInScope(
  ce: Engine,
  a: string,
  b: string,
  timeoutMs: number,
  maxFreeVariables: number,
): CasVerdict {
  const started = Date.now();
  const ea = parseLatex(ce, a);
  const eb = parseLatex(ce, b);
  if (!ea || !eb) return { equal: false, method: 'unparsable' };
  const remaining = timeoutMs - (Date.now() - started);
  if (remaining <= 0) return { equal: false, method: 'timeout' };
  try {
    if (ea.isSame(eb)) return { equal: true, method: 'symbolic' };
    const variables = [...new Set([...ea.unknowns, ...eb.unknowns])];
    if (ea.unknowns.length > maxFreeVariables || eb.unknowns.length > maxFreeVariables) {
      return { equal: false, method: 'too-many-variables', detail: variables.join(',') };
    }
    return ce.withTimeLimit(remaining, () => {
      const symbolic = variables.length === 0 ? ea.isEqual(eb) : undefined;
      if (symbolic !== undefined) return { equal: symbolic, method: 'symbolic' } as CasVerdict;
      const numeric = equalAtRandomPoints(ce, ea, eb, variables);
      if (numeric === undefined) return { equal: false, method: 'undecided' } as CasVerdict;
      return { equal: numeric, method: 'numeric' } as CasVerdict;
    });
  } catch (error) {
    const timedOut =
      (error as { name?: string })?.name === 'CancellationError' || Date.now() - started >= timeoutMs;
    return timedOut
      ? { equal: false, method: 'timeout' }
      : {
          equal: false,
          method: 'unparsable',
          detail: String((error as Error)?.message ?? error).slice(0, 200),
        };
  }
}
