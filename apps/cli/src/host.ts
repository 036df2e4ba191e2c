import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyOverrides, createKernel, type Kernel, loadConfigFile, resolveModelDir } from '@reasonrl/core';

/** The CLI package directory (its package.json lists the built-in plugins, found by discovery). */
export const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ConfigInputs {
  /** `--config FILE` (YAML or JSON). */
  config?: string;
  /** `--set a.b=c`, applied after the file. */
  set?: string[];
  /** Values from command-specific flags (e.g. `--model`), applied between the file and `--set`. */
  flags?: Record<string, unknown>;
  /** A base config (e.g. a preset, or the config a resumed run recorded), applied first. */
  base?: Record<string, unknown>;
}

/** Merge base <- file <- flags <- --set into one raw config object (validated by the kernel). */
export function rawConfig(inputs: ConfigInputs): Record<string, unknown> {
  let raw: Record<string, unknown> = structuredClone(inputs.base ?? {});
  if (inputs.config) raw = deepMerge(raw, loadConfigFile(inputs.config));
  const flagSets = Object.entries(inputs.flags ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, v] as const);
  for (const [path, value] of flagSets) raw = setPath(raw, path.split('.'), value);
  return applyOverrides(raw, inputs.set ?? []);
}

/** Build the kernel with every plugin installed next to the CLI and in the current project. */
export async function loadKernel(
  inputs: ConfigInputs,
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<Kernel> {
  const cwd = process.cwd();
  const raw = resolveModelNames(rawConfig(inputs), [CLI_DIR, cwd]);
  const configDir = inputs.config ? dirname(resolve(inputs.config)) : cwd;
  const kernel = await createKernel(raw, {
    discoverFrom: [CLI_DIR, cwd].filter((d, i, a) => a.indexOf(d) === i),
    resolveFrom: [configDir, cwd, CLI_DIR],
    source: inputs.config,
  });
  for (const w of kernel.warnings) warn(`warning: ${w}`);
  return kernel;
}

/** Config fields that name a checkpoint folder; each may also name an installed model package (`tiny-math`). */
export const MODEL_FIELDS = ['tfjs.modelDir', 'onnxSampler.model', 'pipeline.baseModel'] as const;

/** Replace model package names in the MODEL_FIELDS by their checkpoint folders (paths are left as they are). */
export function resolveModelNames(
  raw: Record<string, unknown>,
  baseDirs: readonly string[],
): Record<string, unknown> {
  let out = raw;
  for (const field of MODEL_FIELDS) {
    const [section, key] = field.split('.');
    const value = (out[section] as Record<string, unknown> | undefined)?.[key];
    // 'random' is the pipeline's word for a random-init base model, not a model name.
    if (typeof value !== 'string' || (field === 'pipeline.baseModel' && value === 'random')) continue;
    const dir = resolveModelDir(value, baseDirs);
    if (dir !== value) out = setPath(out, [section, key], dir);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] = isPlainObject(out[k]) && isPlainObject(v) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const out = { ...obj };
  const [head, ...rest] = path;
  out[head] =
    rest.length === 0
      ? value
      : setPath(isPlainObject(out[head]) ? (out[head] as Record<string, unknown>) : {}, rest, value);
  return out;
}
