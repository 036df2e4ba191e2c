import { describe, expect, it } from 'vitest';
import { stopStringsFor } from './stop-strings.js';

describe('stopStringsFor', () => {
  it('stops r1_zero-graded rollouts at </answer> and others nowhere', () => {
    expect(stopStringsFor('r1_zero')).toEqual(['</answer>']);
    expect(stopStringsFor('question_only')).toEqual([]);
    expect(stopStringsFor('countdown')).toEqual([]);
  });
});
