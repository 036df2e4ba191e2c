import { describe, expect, it } from 'vitest';
import { DataCursor } from './data-cursor.js';

describe('DataCursor', () => {
  it('visits every example once per epoch, in a new order each epoch', () => {
    const c = new DataCursor(10, 1);
    const e0 = c.next(10);
    const e1 = c.next(10);
    expect([...e0].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...e1].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e1).not.toEqual(e0);
    expect(c.epoch).toBe(1);
  });

  it('crosses epoch boundaries inside one batch', () => {
    const c = new DataCursor(4, 0, { shuffle: false });
    expect(c.next(3)).toEqual([0, 1, 2]);
    expect(c.next(3)).toEqual([3, 0, 1]);
    expect(c.getState()).toEqual({ size: 4, seed: 0, epoch: 1, offset: 2 });
  });

  it('resumes from a saved state with the same indices', () => {
    const a = new DataCursor(7, 5);
    a.next(5);
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const expected = a.next(9);
    expect(DataCursor.fromState(saved, 7).next(9)).toEqual(expected);
  });

  it('refuses to resume on a data set of another size', () => {
    const s = new DataCursor(7, 5).getState();
    expect(() => DataCursor.fromState(s, 8)).toThrow(/saved for 7 examples but the data set now has 8/);
    expect(() => new DataCursor(0, 1)).toThrow(/at least one example, got size 0/);
  });
});
