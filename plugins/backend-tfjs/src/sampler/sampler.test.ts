import { describe, expect, it } from 'vitest';
import { sampleNextToken } from './sample-next-token.js';
import { cutAtStopString } from './stop-strings.js';

const logits = new Float32Array([Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)]);

describe('sampleNextToken', () => {
  it('is greedy at temperature 0 (lowest id on ties) with the raw log-prob', () => {
    expect(sampleNextToken(logits, 0, 1, () => 0.99)).toEqual({
      token: 0,
      logprob: expect.closeTo(Math.log(0.5), 6),
    });
    expect(sampleNextToken(new Float32Array([1, 3, 3]), 0, 1, () => 0).token).toBe(1);
    expect(sampleNextToken(logits, 0, 1, () => 0, new Set([0])).token).toBe(1);
  });
  it('inverts the CDF at temperature 1: u in [0.5, 0.8) picks token 1, u >= 0.95 picks token 3', () => {
    expect(sampleNextToken(logits, 1, 1, () => 0.49).token).toBe(0);
    expect(sampleNextToken(logits, 1, 1, () => 0.6).token).toBe(1);
    expect(sampleNextToken(logits, 1, 1, () => 0.9).token).toBe(2);
    expect(sampleNextToken(logits, 1, 1, () => 0.97)).toEqual({
      token: 3,
      logprob: expect.closeTo(Math.log(0.05), 6),
    });
  });
  it('keeps the nucleus: topP 0.7 keeps {0, 1} (0.5 < 0.7 <= 0.8), renormalised to 0.625 / 0.375', () => {
    expect(sampleNextToken(logits, 1, 0.7, () => 0.6).token).toBe(0);
    expect(sampleNextToken(logits, 1, 0.7, () => 0.63).token).toBe(1);
    expect(sampleNextToken(logits, 1, 0.7, () => 0.999).token).toBe(1);
  });
  it('sharpens with low temperature: T = 0.5 squares the probabilities', () => {
    // P(token 0) = 0.25 / (0.25 + 0.09 + 0.0225 + 0.0025) = 0.25 / 0.365 = 0.6849
    expect(sampleNextToken(logits, 0.5, 1, () => 0.68).token).toBe(0);
    expect(sampleNextToken(logits, 0.5, 1, () => 0.69).token).toBe(1);
  });
});

describe('cutAtStopString', () => {
  it('finds a stop string that spans the old and new text, keeping or dropping it', () => {
    expect(cutAtStopString('x </ans', 5, ['</answer>'], true)).toBeUndefined();
    expect(cutAtStopString('x </answer> y', 7, ['</answer>'], true)).toBe('x </answer>');
    expect(cutAtStopString('x </answer> y', 7, ['</answer>'], false)).toBe('x ');
    expect(cutAtStopString('ab STOP cd stop', 10, ['stop', 'STOP'], true)).toBe('ab STOP cd stop');
    expect(cutAtStopString('stop then more', 14, ['stop'], true)).toBeUndefined(); // only the new text is searched
  });
});
