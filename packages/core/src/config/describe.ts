import type { z } from 'zod';
import { objectShape, typeName, unwrap } from './zod-walk.js';

/** One documented config field, as `reasonrl config` prints it. */
export interface ConfigRow {
  path: string;
  type: string;
  default: unknown;
  value: unknown;
  description: string;
}

/** Flatten an object schema into rows (nested objects recurse), with defaults from `parse({})`. */
export function describeSchema(schema: z.ZodType, value: unknown, prefix: string): ConfigRow[] {
  const shape = objectShape(schema);
  if (!shape) return [];
  let defaults: Record<string, unknown> = {};
  const parsed = unwrap(schema).safeParse({});
  if (parsed.success) defaults = parsed.data as Record<string, unknown>;
  const rows: ConfigRow[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const current = (value as Record<string, unknown> | undefined)?.[key];
    if (objectShape(field)) {
      rows.push(...describeSchema(field, current, path));
      continue;
    }
    rows.push({
      path,
      type: typeName(field),
      default: defaults[key],
      value: current,
      description: field.description ?? unwrap(field).description ?? '',
    });
  }
  return rows;
}
