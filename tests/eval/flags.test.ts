import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseNList, registerBestOfNCommand } from '../../apps/cli/src/commands/best-of-n.js';
import { dataFlags, registerEvalCommand } from '../../apps/cli/src/commands/eval.js';

describe('eval / best-of-n flags', () => {
  it('map every flag to its config path', () => {
    expect(
      dataFlags(
        {
          set: [],
          model: 'm',
          dataset: 'd.jsonl',
          format: 'math',
          field: 'question=q,answer=a',
          limit: 5,
          prompt: 'question_only',
          grader: 'question_only',
          skipBad: true,
          maxTokens: 64,
          temperature: 0.5,
          topP: 0.9,
          seed: 7,
          batchSize: 2,
        },
        'eval',
      ),
    ).toEqual({
      'use.sampler': undefined,
      'use.task': undefined,
      'use.grader': 'question_only',
      'onnxSampler.model': 'm',
      'task.dataset': 'd.jsonl',
      'task.format': 'math',
      'task.fields': 'question=q,answer=a',
      'task.limit': 5,
      'task.prompt': 'question_only',
      'task.skipBad': true,
      'eval.maxTokens': 64,
      'eval.temperature': 0.5,
      'eval.topP': 0.9,
      'eval.seed': 7,
      'eval.batchSize': 2,
    });
    expect(dataFlags({ set: [], sampler: 'tfjs', model: 'm' }, 'bestOfN')['tfjs.modelDir']).toBe('m');
  });

  it('parse --n and reject bad numbers with a usage error', () => {
    expect(parseNList('1,4, 8,16')).toEqual([1, 4, 8, 16]);
    expect(() => parseNList('1,,4')).toThrow(/comma-separated list of positive integers/);
    expect(() => parseNList('0,2')).toThrow(/got '0,2'/);
    const errors: string[] = [];
    const program = new Command('reasonrl')
      .exitOverride()
      .configureOutput({ writeErr: (s) => errors.push(s) });
    const ctx = { out() {}, err() {}, progress: { start: () => ({ update() {}, stop() {} }), info() {} } };
    registerEvalCommand(program, ctx);
    registerBestOfNCommand(program, ctx);
    for (const c of program.commands) c.exitOverride();
    expect(() => program.parse(['eval', '--limit', 'ten'], { from: 'user' })).toThrow();
    expect(errors.join('')).toContain(
      "option '--limit <n>' argument 'ten' is invalid. expected a non-negative integer, got 'ten'",
    );
  });
});
