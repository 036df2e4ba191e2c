import type { z } from 'zod';

type AnyDef = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string>;
};
const def = (s: z.ZodType): AnyDef => (s as unknown as { _zod: { def: AnyDef } })._zod.def;

/** Strip default/optional/nullable wrappers to reach the schema that says what the value is. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = def(s);
    if (
      (d.type === 'default' || d.type === 'optional' || d.type === 'nullable' || d.type === 'prefault') &&
      d.innerType
    ) {
      s = d.innerType;
    } else return s;
  }
}

/** The fields of an object schema (after unwrapping), or undefined when it is not an object. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const d = def(unwrap(schema));
  return d.type === 'object' ? (d.shape as Record<string, z.ZodType>) : undefined;
}

/** A short type name for docs: `number`, `string`, `'a' | 'b'`, `string[]`, `object`. */
export function typeName(schema: z.ZodType): string {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'enum' && d.entries)
    return Object.values(d.entries)
      .map((v) => `'${v}'`)
      .join(' | ');
  if (d.type === 'literal') return JSON.stringify((d as unknown as { values: unknown[] }).values[0]);
  if (d.type === 'array') return `${typeName((d as unknown as { element: z.ZodType }).element)}[]`;
  if (d.type === 'union') return (d as unknown as { options: z.ZodType[] }).options.map(typeName).join(' | ');
  return d.type;
}

/** The schema at a dotted path inside an object schema, or undefined. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    const shape = objectShape(s);
    if (shape) {
      s = shape[String(key)];
      continue;
    }
    const d = def(unwrap(s));
    if (d.type === 'array') s = (d as unknown as { element: z.ZodType }).element;
    else if (d.type === 'record') s = (d as unknown as { valueType: z.ZodType }).valueType;
    else return undefined;
  }
  return s;
}
