/**
 * Strict parsing of a point set written as JSON: `[[x1, ..., xd], ...]` or `{"points": [[...], ...]}`
 * (the layout of `shared/datasets/kissing11/alphaevolve_593.json`). Coordinates are integer literals
 * (`-12`) or decimal strings (`"8700000000000"`); both are read exactly as `bigint`, because
 * `JSON.parse` would round anything beyond 2^53. Anything else is rejected with its position.
 */

/** A point set read exactly: `points[i][k]` is coordinate k of point i, shape (N, d). */
export type ExactPoints = bigint[][];

export type ParsePointsResult =
  | { ok: true; points: ExactPoints }
  | { ok: false; code: 'PARSE' | 'NON_INTEGER'; message: string };

/** A JSON value in which numbers keep their source text. */
type RawJson =
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string }
  | { kind: 'literal'; text: 'true' | 'false' | 'null' }
  | { kind: 'array'; items: RawJson[] }
  | { kind: 'object'; entries: Map<string, RawJson> };

const MAX_DEPTH = 64;
const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  readDocument(): RawJson {
    const value = this.readValue(0);
    this.skipSpace();
    if (this.pos < this.text.length)
      this.fail(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))} after the value`);
    return value;
  }

  private fail(what: string): never {
    throw new SyntaxError(`invalid JSON at character ${this.pos}: ${what}`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private readValue(depth: number): RawJson {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '[') return this.readArray(depth);
    if (c === '{') return this.readObject(depth);
    if (c === '"') return { kind: 'string', value: this.readString() };
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    for (const text of ['true', 'false', 'null'] as const) {
      if (this.text.startsWith(text, this.pos)) {
        this.pos += text.length;
        return { kind: 'literal', text };
      }
    }
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
  }

  private readArray(depth: number): RawJson {
    this.pos++; // [
    const items: RawJson[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.readValue(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail(`expected ',' or ']' in an array`);
    }
  }

  private readObject(depth: number): RawJson {
    this.pos++; // {
    const entries = new Map<string, RawJson>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.readString();
      this.skipSpace();
      if (this.text[this.pos++] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}`);
      entries.set(key, this.readValue(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', entries };
      if (c !== ',') this.fail(`expected ',' or '}' in an object`);
    }
  }

  private readString(): string {
    const start = this.pos;
    this.pos++; // opening quote
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        try {
          return JSON.parse(this.text.slice(start, this.pos)) as string;
        } catch {
          this.pos = start;
          return this.fail('malformed string');
        }
      } else this.pos++;
    }
    return this.fail('unterminated string');
  }

  private readNumber(): RawJson {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(
      this.text.slice(this.pos, this.pos + 400),
    );
    if (!match || match[0] === '-') return this.fail('malformed number');
    this.pos += match[0].length;
    return { kind: 'number', text: match[0] };
  }
}

/** Text of a raw value for messages, cut short. */
function describe(value: RawJson): string {
  switch (value.kind) {
    case 'number':
      return value.text;
    case 'string':
      return JSON.stringify(value.value.slice(0, 40));
    case 'literal':
      return value.text;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
  }
}

/**
 * Parse a point set from JSON text, exactly. Rows may have any length here: the dimension is checked
 * by the verifier, so that its message can name the expected dimension.
 */
export function parsePoints(text: string): ParsePointsResult {
  let doc: RawJson;
  try {
    doc = new JsonReader(text).readDocument();
  } catch (err) {
    return { ok: false, code: 'PARSE', message: (err as Error).message };
  }
  if (doc.kind === 'object') {
    const inner = doc.entries.get('points');
    if (!inner)
      return {
        ok: false,
        code: 'PARSE',
        message: 'expected a JSON array of points, or an object with a "points" array',
      };
    doc = inner;
  }
  if (doc.kind !== 'array') {
    return { ok: false, code: 'PARSE', message: `expected a JSON array of points, got ${describe(doc)}` };
  }
  const points: ExactPoints = [];
  for (let i = 0; i < doc.items.length; i++) {
    const row = doc.items[i];
    if (row.kind !== 'array') {
      return {
        ok: false,
        code: 'PARSE',
        message: `point ${i}: expected an array of coordinates, got ${describe(row)}`,
      };
    }
    const point: bigint[] = [];
    for (let k = 0; k < row.items.length; k++) {
      const cell = row.items[k];
      const text = cell.kind === 'number' ? cell.text : cell.kind === 'string' ? cell.value.trim() : null;
      if (text === null || !INTEGER_TEXT.test(text)) {
        return {
          ok: false,
          code: 'NON_INTEGER',
          message: `point ${i}, coordinate ${k}: ${describe(cell)} is not an integer (write integers as plain digits, e.g. -3)`,
        };
      }
      point.push(BigInt(text));
    }
    points.push(point);
  }
  return { ok: true, points };
}
