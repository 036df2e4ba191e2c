import { describe, expect, it } from 'vitest';
import { splitTopLevel, splitTuple } from './split-tuple.js';

describe('splitTuple', () => {
  it.each([
    ['(1,2)', { open: '(', close: ')', elements: ['1', '2'] }],
    ['[1,2)', { open: '[', close: ')', elements: ['1', '2'] }],
    ['(\\frac{1}{2},f(1,2),3)', { open: '(', close: ')', elements: ['\\frac{1}{2}', 'f(1,2)', '3'] }],
    ['\\{1,2,3\\}', { open: '\\{', close: '\\}', elements: ['1', '2', '3'] }],
    ['((1,2),(3,4))', { open: '(', close: ')', elements: ['(1,2)', '(3,4)'] }],
  ])('%j', (s, expected) => {
    expect(splitTuple(s)).toEqual(expected);
  });
  it.each(['5', '(5)', '(1,2)\\cup(3,4)', '(a)(b)', '{1,2}', '(1,2', ''])('%j -> null', (s) => {
    expect(splitTuple(s)).toBeNull();
  });
});

describe('splitTopLevel', () => {
  it('splits only outside brackets and returns null when they do not balance', () => {
    expect(splitTopLevel('(1,2)\\cup(3,4)', '\\cup')).toEqual(['(1,2)', '(3,4)']);
    expect(splitTopLevel('f(a,b),c', ',')).toEqual(['f(a,b)', 'c']);
    expect(splitTopLevel('(1,2', ',')).toBeNull();
    expect(splitTopLevel('1)(2', ',')).toBeNull();
  });
});
