import type { z } from 'zod';
import { didYouMean } from '../did-you-mean.js';
import { objectShape, schemaAt, typeName } from './zod-walk.js';

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array ${truncate(JSON.stringify(v))}`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${truncate(JSON.stringify(v))}`;
}
const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

/**
 * Turn zod issues into lines a person can act on: the dotted path, what was expected, what was
 * given, and for unknown keys the closest known key.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  input: unknown,
  prefix: readonly string[] = [],
): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      const shape = objectShape(schemaAt(schema, issue.path) ?? schema) ?? {};
      const known = Object.keys(shape);
      for (const key of issue.keys) {
        const guess = didYouMean(key, known);
        const where = [...prefix, ...issue.path.map(String), key].join('.');
        out.push(
          `${where}: unknown field${guess ? ` (did you mean '${guess}'?)` : ''}; known fields here: ${known.join(', ') || 'none'}`,
        );
      }
      continue;
    }
    const given = valueAt(input, issue.path);
    const fieldSchema = schemaAt(schema, issue.path);
    if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
      const expected = fieldSchema ? typeName(fieldSchema) : (issue as { expected?: string }).expected;
      out.push(`${path}: expected ${expected}, got ${describeValue(given)}`);
      continue;
    }
    out.push(`${path}: ${issue.message} (got ${describeValue(given)})`);
  }
  return out;
}
