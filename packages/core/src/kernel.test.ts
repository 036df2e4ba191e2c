import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyOverrides } from './config/load.js';
import { didYouMean, editDistance } from './did-you-mean.js';
import { ConfigError } from './errors.js';
import { createKernel } from './kernel.js';
import { definePlugin } from './plugin.js';
import type { Grader } from './services/grader.js';

let created = 0;
const graderPlugin = definePlugin({
  name: 'test:exact',
  description: 'exact string match',
  configKey: 'exact',
  configSchema: z.strictObject({
    caseSensitive: z.boolean().default(true).describe('Compare case-sensitively.'),
    bonus: z.number().default(0).describe('Added to correct answers.'),
  }),
  provides: [
    {
      kind: 'Grader',
      name: 'exact',
      description: 'answer === truth',
      create: ({ options }): Grader => {
        created++;
        return {
          name: 'exact',
          grade(response, truth) {
            const norm = (s: string) => (options.caseSensitive ? s : s.toLowerCase());
            const ok = norm(response) === norm(String(truth)) ? 1 : 0;
            return { reward: ok + (ok ? options.bonus : 0), formatReward: 1, answerReward: ok };
          },
        };
      },
    },
  ],
});

describe('createKernel', () => {
  it('validates a section, fills defaults and creates a service once', async () => {
    const k = await createKernel(
      { exact: { caseSensitive: false }, use: { grader: 'exact' } },
      { plugins: [graderPlugin] },
    );
    expect(k.section('exact')).toEqual({ caseSensitive: false, bonus: 0 });
    expect(k.config.run.seed).toBe(0);
    const before = created;
    const g1 = await k.get('Grader');
    const g2 = await k.get('Grader', 'exact');
    expect(g1).toBe(g2);
    expect(created).toBe(before + 1);
    expect(await g1.grade('ABC', 'abc')).toEqual({ reward: 1, formatReward: 1, answerReward: 1 });
    expect(k.list('Grader')).toEqual([
      { name: 'exact', description: 'answer === truth', plugin: 'test:exact' },
    ]);
  });

  it('collects every config problem in one ConfigError', async () => {
    const bad = createKernel(
      { exact: { caseSensitive: 'yes', bnus: 1 }, run: { seed: 1.5 }, grpoo: {} },
      { plugins: [graderPlugin] },
    );
    await expect(bad).rejects.toThrow(ConfigError);
    const err = (await bad.catch((e) => e)) as ConfigError;
    expect(err.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^grpoo: unknown section/),
        expect.stringMatching(/^exact\.caseSensitive: expected boolean, got string "yes"/),
        expect.stringMatching(/^exact\.bnus: unknown field \(did you mean 'bonus'\?\)/),
        expect.stringMatching(/^run\.seed:/),
      ]),
    );
  });

  it('names the installed services when asked for a missing one', async () => {
    const k = await createKernel({}, { plugins: [graderPlugin] });
    await expect(k.get('Grader', 'r1_zero')).rejects.toThrow(
      "no Grader named 'r1_zero' is installed; installed Graders: exact",
    );
    await expect(k.get('Algorithm')).rejects.toThrow(
      /no Algorithm selected: set use.algorithm \(installed: none\)/,
    );
  });

  it('rejects two plugins providing the same service', async () => {
    const twin = definePlugin({
      ...graderPlugin,
      name: 'test:twin',
      configKey: undefined,
      configSchema: undefined,
    });
    await expect(createKernel({}, { plugins: [graderPlugin, twin] })).rejects.toThrow(
      "Grader 'exact' is provided by both plugin 'test:exact' and plugin 'test:twin'",
    );
  });

  it('describes every field with default and description', async () => {
    const k = await createKernel({ exact: { bonus: 2 } }, { plugins: [graderPlugin] });
    const row = k.describeConfig().find((r) => r.path === 'exact.bonus');
    expect(row).toEqual({
      path: 'exact.bonus',
      type: 'number',
      default: 0,
      value: 2,
      description: 'Added to correct answers.',
    });
  });
});

it('a factory that throws gives a rejected get(), and the failure is not cached', async () => {
  let calls = 0;
  const flaky = definePlugin({
    name: 'test:flaky',
    description: '',
    provides: [
      {
        kind: 'Grader',
        name: 'flaky',
        description: '',
        create: () => {
          calls++;
          if (calls === 1) throw new Error('first try fails');
          return { name: 'flaky', grade: () => ({ reward: 0, formatReward: 0, answerReward: 0 }) };
        },
      },
    ],
  });
  const k = await createKernel({}, { plugins: [flaky] });
  await expect(k.get('Grader', 'flaky')).rejects.toThrow('first try fails');
  expect((await k.get('Grader', 'flaky')).name).toBe('flaky');
  expect(calls).toBe(2);
});

describe('definePlugin', () => {
  it('rejects an unknown kind by name', () => {
    expect(() =>
      definePlugin({
        name: 'x:y',
        description: '',
        provides: [{ kind: 'Gradr' as 'Grader', name: 'a', description: '', create: () => ({}) as Grader }],
      }),
    ).toThrow("plugin 'x:y': unknown service kind 'Gradr'");
  });
  it('requires a config key with a schema', () => {
    expect(() =>
      definePlugin({
        name: 'x:y',
        description: '',
        configSchema: z.strictObject({}),
        provides: [{ kind: 'Grader', name: 'g', description: '', create: () => ({}) as Grader }],
      }),
    ).toThrow(/configSchema needs a configKey/);
  });
});

describe('overrides and suggestions', () => {
  it('parses --set values as YAML scalars and creates sections', () => {
    const out = applyOverrides({ a: { b: 1 } }, [
      'a.b=2',
      'grpo.lossType=grpo_clip',
      'x.n=[1,4,8]',
      'x.flag=true',
      'x.lr=1e-5',
    ]);
    expect(out).toEqual({
      a: { b: 2 },
      grpo: { lossType: 'grpo_clip' },
      x: { n: [1, 4, 8], flag: true, lr: 1e-5 },
    });
  });
  it('rejects a malformed --set', () => {
    expect(() => applyOverrides({}, ['novalue'])).toThrow(/expected key.path=value/);
    expect(() => applyOverrides({ a: 1 }, ['a.b=1'])).toThrow(/'a' is not a section/);
  });
  it('edit distance and did-you-mean', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('lossTyp', ['lossType', 'cliprange'])).toBe('lossType');
    expect(didYouMean('zzzzzz', ['lossType'])).toBeUndefined();
  });
});
