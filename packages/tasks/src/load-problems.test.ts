import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFieldMap } from './field-map.js';
import { loadProblems } from './load-problems.js';

const DATASETS = resolve(__dirname, '../../../../shared/datasets');
const dir = mkdtempSync(join(tmpdir(), 'tasks-'));
function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

describe('gsm8k loader', () => {
  it('reads the real test set: question, answer after ####, solution kept', () => {
    const { problems, format } = loadProblems(join(DATASETS, 'gsm8k/test.jsonl'), { limit: 3 });
    expect(format).toBe('gsm8k');
    expect(problems).toHaveLength(3);
    expect(problems[0].id).toBe('L1');
    expect(problems[0].question.startsWith('Janet’s ducks lay 16 eggs per day.')).toBe(true);
    expect(problems[0].groundTruth).toBe('18');
    expect(String(problems[0].meta?.solution).endsWith('#### 18')).toBe(true);
    expect(problems[1].groundTruth).toBe('3');
  });

  it('strips thousands commas from the final answer', () => {
    const p = file('commas.jsonl', [
      JSON.stringify({ question: 'How many?', answer: 'so 1,080\n#### 1,080' }),
    ]);
    expect(loadProblems(p).problems[0].groundTruth).toBe('1080');
  });

  it('reports file, line and field of a malformed line, and stops', () => {
    const p = file('bad.jsonl', [
      JSON.stringify({ question: 'A?', answer: '#### 1' }),
      '',
      JSON.stringify({ question: 'B?', answer: 'no marker here' }),
      JSON.stringify({ question: 7, answer: '#### 2' }),
    ]);
    expect(() => loadProblems(p)).toThrow(
      `${p}:3: field 'answer': expected a worked solution ending in '#### <answer>'`,
    );
    try {
      loadProblems(p);
    } catch (e) {
      expect(e).toMatchObject({ code: 'JSONL_INVALID', line: 3, field: 'answer' });
    }
  });

  it('skips and counts malformed lines with skipBad', () => {
    const p = file('skip.jsonl', [
      JSON.stringify({ question: 'A?', answer: '#### 1' }),
      '{"question": "B?", "answer": ',
      JSON.stringify({ question: 7, answer: '#### 2' }),
      JSON.stringify({ question: 'D?', answer: '#### 4' }),
    ]);
    const { problems, skipped } = loadProblems(p, { skipBad: true });
    expect(problems.map((x) => [x.id, x.groundTruth])).toEqual([
      ['L1', '1'],
      ['L4', '4'],
    ]);
    expect(skipped.map((e) => [e.line, e.field])).toEqual([
      [2, undefined],
      [3, 'question'],
    ]);
    expect(skipped[1].message).toContain("field 'question': expected a string, got number 7");
  });

  it('only reads up to the limit (a bad line after it does not matter)', () => {
    const p = file('limit.jsonl', [JSON.stringify({ question: 'A?', answer: '#### 1' }), 'not json']);
    expect(loadProblems(p, { limit: 1 }).problems).toHaveLength(1);
    expect(() => loadProblems(p)).toThrow(`${p}:2: not valid JSON`);
  });
});

describe('math loader', () => {
  it('reads MATH-500 (problem + answer), keeping subject and level', () => {
    const { problems, format } = loadProblems(join(DATASETS, 'math500/test.jsonl'), { limit: 2 });
    expect(format).toBe('math');
    expect(problems[0].id).toBe('test/precalculus/807.json');
    expect(problems[0].groundTruth).toBe('\\left( 3, \\frac{\\pi}{2} \\right)');
    expect(problems[0].meta).toMatchObject({ subject: 'Precalculus', level: 2 });
  });

  it('takes the last \\boxed{} of a solution when there is no answer field', () => {
    const p = file('math.jsonl', [
      JSON.stringify({ problem: 'Half of 1?', solution: 'It is $\\boxed{1}$, no: $\\boxed{\\frac{1}{2}}$.' }),
    ]);
    expect(loadProblems(p).problems[0].groundTruth).toBe('\\frac{1}{2}');
  });

  it('rejects a solution without \\boxed{}', () => {
    const p = file('math-bad.jsonl', [JSON.stringify({ problem: 'X?', solution: 'the answer is 4' })]);
    expect(() => loadProblems(p)).toThrow(
      `${p}:1: field 'solution': expected a worked solution with a non-empty \\boxed{...} answer`,
    );
  });
});

describe('countdown loader', () => {
  it('reads the normalized and the original d1 files to the same problems', () => {
    const a = loadProblems(join(DATASETS, 'countdown/countdown_cd3_test.normalized.jsonl'), { limit: 2 });
    const b = loadProblems(join(DATASETS, 'countdown/countdown_cd3_test.jsonl'), { limit: 2 });
    expect(a.format).toBe('countdown');
    expect(b.format).toBe('countdown');
    expect(a.problems[0].groundTruth).toBe('{"nums":[30,100,93],"target":23}');
    expect(b.problems.map((p) => p.groundTruth)).toEqual(a.problems.map((p) => p.groundTruth));
    expect(a.problems[0].question).toContain(
      'Using the numbers [30, 100, 93], create an equation that equals 23.',
    );
  });

  it('names the bad field', () => {
    const p = file('cd-bad.jsonl', [JSON.stringify({ nums: [1, 'x'], target: 3 })]);
    expect(() => loadProblems(p)).toThrow(
      `${p}:1: field 'nums': expected a list of at least 2 integers, got an array`,
    );
  });
});

describe('any JSONL with named fields', () => {
  it('parses --field and reads those fields', () => {
    const fields = parseFieldMap('question=prompt, answer=target');
    expect(fields).toEqual({ question: 'prompt', answer: 'target' });
    const p = file('fields.jsonl', [
      JSON.stringify({ id: 'a', prompt: '2+2?', target: 4 }),
      JSON.stringify({ id: 'b', prompt: '3+3?', target: '6' }),
    ]);
    const { problems, format } = loadProblems(p, { fields });
    expect(format).toBe('fields');
    expect(problems).toEqual([
      { id: 'a', question: '2+2?', groundTruth: '4' },
      { id: 'b', question: '3+3?', groundTruth: '6' },
    ]);
    const q = file('fields-bad.jsonl', [JSON.stringify({ prompt: '2+2?' })]);
    expect(() => loadProblems(q, { fields })).toThrow(`${q}:1: field 'target': missing`);
  });

  it('rejects bad field specs and unknown layouts', () => {
    expect(() => parseFieldMap('question=q')).toThrow(/expected both question=<field> and answer=<field>/);
    expect(() => parseFieldMap('q=x,answer=y')).toThrow(/cannot read 'q=x'/);
    const p = file('unknown.jsonl', [JSON.stringify({ foo: 1 })]);
    expect(() => loadProblems(p, { skipBad: true })).toThrow(
      /cannot tell the data format from fields \[foo\]/,
    );
  });

  it('rejects duplicate ids', () => {
    const p = file('dup.jsonl', [
      JSON.stringify({ id: 1, question: 'a', answer: '#### 1' }),
      JSON.stringify({ id: 1, question: 'b', answer: '#### 2' }),
    ]);
    expect(() => loadProblems(p)).toThrow(`${p}:2: field 'id': duplicate id '1' (first on line 1)`);
  });
});
