import { describe, expect, it } from 'vitest';
import { SeededRandom } from './rng.js';
import { logSumExp, sampleToken } from './sample-token.js';

const logits = Float32Array.from([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);

function frequencies(draw: () => number, k: number, n: number): number[] {
  const counts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) counts[draw()]++;
  return counts.map((c) => c / n);
}

describe('sampleToken', () => {
  it('logSumExp of log-probabilities is 0 and is stable for large logits', () => {
    expect(logSumExp(logits)).toBeCloseTo(0, 6);
    expect(logSumExp(Float32Array.from([1000, 1000]))).toBeCloseTo(1000 + Math.log(2), 6);
  });

  it('temperature 0 picks the argmax (lowest id on ties) with its raw log-probability', () => {
    const rng = new SeededRandom(1);
    expect(sampleToken(logits, 0, 1, rng)).toEqual({ token: 0, logprob: expect.closeTo(Math.log(0.5), 6) });
    expect(sampleToken(Float32Array.from([1, 3, 3]), 0, 1, rng).token).toBe(1);
  });

  it('banned tokens are never chosen; the log-probability stays that of the unbanned distribution', () => {
    const rng = new SeededRandom(2);
    const c = sampleToken(logits, 0, 1, rng, [0]);
    expect(c.token).toBe(1);
    expect(c.logprob).toBeCloseTo(Math.log(0.3), 6);
    for (let i = 0; i < 200; i++) expect(sampleToken(logits, 1, 1, rng, [0, 2]).token).not.toBe(0);
    expect(() => sampleToken(logits, 1, 1, rng, [0, 1, 2, 3])).toThrow(/banned/);
  });

  it('temperature 1 samples the softmax (20k draws, each frequency within 0.012 = ~4 sigma)', () => {
    const rng = new SeededRandom(3);
    const f = frequencies(() => sampleToken(logits, 1, 1, rng).token, 4, 20000);
    for (const [i, p] of [0.5, 0.3, 0.15, 0.05].entries()) expect(Math.abs(f[i] - p)).toBeLessThan(0.012);
  });

  it('temperature 2 samples softmax(logits / 2): p ∝ sqrt(p0)', () => {
    const rng = new SeededRandom(4);
    const root = [0.5, 0.3, 0.15, 0.05].map(Math.sqrt);
    const z = root.reduce((a, b) => a + b, 0);
    const f = frequencies(() => sampleToken(logits, 2, 1, rng).token, 4, 20000);
    for (const [i, r] of root.entries()) expect(Math.abs(f[i] - r / z)).toBeLessThan(0.012);
  });

  it('topP keeps the smallest top set reaching the mass (0.7 -> {0, 1}, renormalised 5/8, 3/8)', () => {
    const rng = new SeededRandom(5);
    const f = frequencies(() => sampleToken(logits, 1, 0.7, rng).token, 4, 20000);
    expect(f[2] + f[3]).toBe(0);
    expect(Math.abs(f[0] - 0.625)).toBeLessThan(0.012);
    // exactly 0.8 reached by {0, 1}: token 2 stays out; 0.81 needs token 2
    const g = frequencies(() => sampleToken(logits, 1, 0.81, rng).token, 4, 5000);
    expect(g[2]).toBeGreaterThan(0);
    expect(g[3]).toBe(0);
    // a tiny topP is greedy
    expect(frequencies(() => sampleToken(logits, 1, 1e-6, rng).token, 4, 100)[0]).toBe(1);
  });

  it('the same seed gives the same tokens', () => {
    const a = new SeededRandom(9, 1, 2);
    const b = new SeededRandom(9, 1, 2);
    const draws = (r: SeededRandom) => Array.from({ length: 50 }, () => sampleToken(logits, 1, 0.9, r).token);
    expect(draws(a)).toEqual(draws(b));
  });
});
