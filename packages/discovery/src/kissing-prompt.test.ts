import { describe, expect, it } from 'vitest';
import { KISSING_PROBLEM, kissingPrompt } from './kissing-prompt.js';

describe('kissingPrompt', () => {
  it('states the problem and the JavaScript output format on the first round', () => {
    const p = kissingPrompt(
      { round: 1, best: null, lastFeedback: [], budgetMs: 0 },
      { languages: ['javascript'], maxProgramChars: 100 },
    );
    expect(p.startsWith(KISSING_PROBLEM)).toBe(true);
    expect(p).toContain('console.log(JSON.stringify(points))');
    expect(p).not.toContain('python');
    expect(p).not.toContain('Best valid set');
  });

  it('quotes the best program (when short) and numbers the last verdicts', () => {
    const state = {
      round: 2,
      best: {
        score: 220,
        pointsText: '[]',
        program: { language: 'javascript' as const, source: 'print(1)\n' },
        feedback: 'valid',
      },
      lastFeedback: [
        'invalid: point 0 is the zero vector',
        'program timeout: the program ran past 10 ms and was stopped',
      ],
      budgetMs: 0,
    };
    const p = kissingPrompt(state, { languages: ['javascript', 'python'], maxProgramChars: 100 });
    expect(p).toContain(
      'Best valid set so far: 220 points.\nIt was printed by this program:\n```javascript\nprint(1)\n```',
    );
    expect(p).toContain('1. invalid: point 0 is the zero vector\n2. program timeout');
    expect(p).toContain('```python block');
    expect(kissingPrompt(state, { languages: ['javascript'], maxProgramChars: 3 })).not.toContain('print(1)');
  });
});
