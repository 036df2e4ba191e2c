import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtmlReport } from './report-html.js';
import { type StageRecord, writeStageRecord } from './stage-record.js';

interface FixtureStage {
  dir: string;
  algorithm: string;
  accuracy: number;
  formatRate: number;
  metrics: Record<string, number>[];
  responses: [string, number, number][];
}

/** A finished run directory as the pipeline writes it: pipeline.json, and stage.json + jsonl files per stage. */
function writeRun(stages: FixtureStage[]): string {
  const run = mkdtempSync(join(tmpdir(), 'report-html-'));
  const records = stages.map((s, i): StageRecord => {
    const stageDir = join(run, s.dir);
    mkdirSync(stageDir);
    const record: StageRecord = {
      index: i + 1,
      label: s.dir.slice(3),
      algorithm: s.algorithm,
      dir: s.dir,
      validation: { accuracy: s.accuracy, formatRate: s.formatRate, meanResponseTokens: 7, examples: 2 },
      metrics: {},
      trainSeconds: 4,
      validationSeconds: 1,
      finishedAt: '2026-01-01T00:00:00.000Z',
    };
    writeStageRecord(stageDir, record);
    if (s.metrics.length)
      writeFileSync(join(stageDir, 'metrics.jsonl'), s.metrics.map((m) => `${JSON.stringify(m)}\n`).join(''));
    const prompts = ['What is 2 + <b>3</b>?', 'Tom has 4 & 5 "apples".'];
    writeFileSync(
      join(stageDir, 'validation.jsonl'),
      s.responses
        .map(([response, formatReward, answerReward], k) =>
          JSON.stringify({
            id: `v-${k}`,
            prompt: prompts[k],
            response,
            reward: answerReward,
            formatReward,
            answerReward,
          }),
        )
        .join('\n'),
    );
    return record;
  });
  writeFileSync(
    join(run, 'pipeline.json'),
    JSON.stringify({
      stages: records,
      validationExamples: 2,
      promptTemplate: 'question_only',
      grader: 'r1_zero',
      baseModel: join(run, 'base-model'),
      randomInitBaseModel: true,
      totalSeconds: 5 * stages.length,
    }),
  );
  return run;
}

const EVAL_START: FixtureStage = {
  dir: '01-eval-zero-shot',
  algorithm: 'eval',
  accuracy: 0,
  formatRate: 0,
  metrics: [],
  responses: [
    ['x\u0014<think>', 0, 0],
    ['', 0, 0],
  ],
};
const SFT: FixtureStage = {
  dir: '02-sft',
  algorithm: 'sft',
  accuracy: 0,
  formatRate: 0.5,
  metrics: [
    { step: 1, loss: 3, token_entropy: 6.2, 'time/train': 1 },
    {
      step: 2,
      loss: 2,
      token_entropy: 5.9,
      'time/train': 1,
      'val/reward/format': 0.5,
      'val/reward/answer': 0,
    },
  ],
  responses: [
    ['</think> <answer> 4 </answer>', 1, 0],
    ['x', 0, 0],
  ],
};
const GRPO: FixtureStage = {
  dir: '03-grpo',
  algorithm: 'grpo',
  accuracy: 0.5,
  formatRate: 1,
  metrics: [
    {
      step: 1,
      token_entropy: 5.5,
      'reward/total': 0.25,
      'reward/format': 1,
      'reward/answer': 0.25,
      'response_length/mean': 9,
    },
    {
      step: 2,
      token_entropy: 5.1,
      'reward/total': 0.5,
      'reward/format': 1,
      'reward/answer': 0.5,
      'response_length/mean': 8,
    },
  ],
  responses: [
    ['</think> <answer> 5 </answer>', 1, 1],
    ['</think> <answer> 8 </answer>', 1, 0],
  ],
};
const EVAL_END: FixtureStage = { ...GRPO, dir: '04-eval-final', algorithm: 'eval', metrics: [] };

const figures = (html: string) =>
  [...html.matchAll(/<figure class="plot" data-plot="([^"]+)">(.*?)<\/figure>/gs)].map((m) => ({
    id: m[1],
    body: m[2],
  }));

describe('renderHtmlReport', () => {
  it('renders the six plots as inline SVG with marks, the stage table and the example rollouts', async () => {
    const html = await renderHtmlReport(writeRun([EVAL_START, SFT, GRPO, EVAL_END]));
    const plots = figures(html);
    expect(plots.map((p) => p.id)).toEqual([
      'validation-vs-steps',
      'validation-vs-seconds',
      'training-reward',
      'token-entropy',
      'response-length',
      'validation-categories',
    ]);
    for (const p of plots) {
      expect(p.body, p.id).toMatch(/^<svg /);
      // vega draws points and lines as <path> elements inside its mark groups.
      expect((p.body.match(/<path /g) ?? []).length, p.id).toBeGreaterThan(2);
    }
    expect(html).toContain('<table id="stage-table">');
    expect(html).toContain(
      '<td>03-grpo</td><td>grpo</td><td class="num">50.0%</td><td class="num">100.0%</td>',
    );
    expect(html).toContain('response after 01-eval-zero-shot</th><th>response after 04-eval-final');
    // Prompts and responses are text, not markup; a control character is shown, not passed on.
    expect(html).toContain('What is 2 + &lt;b&gt;3&lt;/b&gt;?');
    expect(html).toContain('Tom has 4 &amp; 5 &quot;apples&quot;.');
    expect(html).toContain('<pre>x\\u0014&lt;think&gt;</pre>');
    expect(html).toContain('<em>(empty)</em>');
    expect(html).toContain('&lt;/think&gt; &lt;answer&gt; 5 &lt;/answer&gt;');
  });

  it('is self-contained: no script and no reference to anything outside the file', async () => {
    const html = await renderHtmlReport(writeRun([EVAL_START, SFT, GRPO, EVAL_END]));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)=/i);
    for (const m of html.matchAll(/url\(([^)]*)\)/g)) expect(m[1]).toMatch(/^#/);
    expect(html).toContain("default-src 'none'");
  });

  it('leaves out the plots of metrics no stage logged and says so', async () => {
    const html = await renderHtmlReport(writeRun([EVAL_START, SFT, EVAL_END]));
    expect(figures(html).map((p) => p.id)).toEqual([
      'validation-vs-steps',
      'validation-vs-seconds',
      'token-entropy',
      'validation-categories',
    ]);
    expect(html).toContain('Not plotted: training reward per step (no stage logged reward/*).');
    expect(html).toContain('Not plotted: response length (no stage logged response_length/mean).');
  });
});

describe('escapeHtml', () => {
  it('escapes markup and shows control characters but keeps newlines and tabs', () => {
    expect(escapeHtml(`<a href='x'>&</a>\n\t\u0000\u007f`)).toBe(
      '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;\n\t\\u0000\\u007f',
    );
  });
});
