import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, ReasonrlError } from '../errors.js';

/** Read a YAML or JSON config file into a plain object, with file:line:col on syntax errors. */
export function loadConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReasonrlError('CONFIG_NOT_FOUND', `cannot read config file ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    if (extname(file).toLowerCase() === '.json') data = JSON.parse(text);
    else data = parseYaml(text, { prettyErrors: true });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new ConfigError(
        [`${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${e.message.split('\n')[0]}`],
        file,
      );
    }
    throw new ConfigError([(e as Error).message], file);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      [`the top level must be a mapping of sections, got ${Array.isArray(data) ? 'a list' : typeof data}`],
      file,
    );
  }
  return data as Record<string, unknown>;
}

/**
 * Apply `--set a.b=c` overrides. The value is read as a YAML scalar or flow collection, so
 * `3`, `1e-5`, `true`, `[1,4,8]` and `grpo_clip` all mean what they look like.
 */
export function applyOverrides(
  config: Record<string, unknown>,
  overrides: readonly string[],
): Record<string, unknown> {
  const out = structuredClone(config);
  for (const item of overrides) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new ConfigError([`--set ${item}: expected key.path=value`]);
    const path = item.slice(0, eq).trim().split('.');
    if (path.some((p) => p === '')) throw new ConfigError([`--set ${item}: empty segment in key path`]);
    const raw = item.slice(eq + 1);
    let value: unknown;
    try {
      value = raw === '' ? '' : parseYaml(raw);
    } catch {
      value = raw;
    }
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === undefined) node[key] = {};
      else if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        throw new ConfigError([`--set ${item}: '${key}' is not a section`]);
      }
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}
