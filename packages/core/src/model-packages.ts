import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ReasonrlError } from './errors.js';

/** A package that ships a Hugging Face checkpoint folder (`"reasonrl": { "model": "<folder>" }` in package.json). */
export interface ModelPackage {
  /** Name a config or `--model` uses: the package name without its scope (`tiny-math`). */
  name: string;
  packageName: string;
  /** Absolute path of the checkpoint folder. */
  dir: string;
}

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  reasonrl?: { model?: unknown };
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * Model packages among the dependencies of the packages in `baseDirs` (as plugins are discovered): this is how
 * `--model tiny-math` finds the checkpoint shipped in @reasonrl/tiny-math without core knowing that package.
 */
export function findModelPackages(baseDirs: readonly string[]): ModelPackage[] {
  const found = new Map<string, ModelPackage>();
  for (const baseDir of baseDirs) {
    const pkg = readManifest(join(baseDir, 'package.json'));
    if (!pkg) continue;
    const req = createRequire(join(baseDir, 'package.json'));
    const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies });
    for (const packageName of names) {
      let file: string;
      try {
        file = req.resolve(`${packageName}/package.json`);
      } catch {
        continue; // not installed, or its exports hide package.json: not a model package
      }
      const folder = readManifest(file)?.reasonrl?.model;
      if (typeof folder !== 'string' || found.has(packageName)) continue;
      const name = packageName.replace(/^@[^/]+\//, '');
      found.set(packageName, { name, packageName, dir: resolve(dirname(file), folder) });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What a model setting (`tfjs.modelDir`, `onnxSampler.model`, `--model`) means: an existing path stays as it is;
 * otherwise the name (or full package name) of an installed model package gives its checkpoint folder. A path that
 * does not exist is returned unchanged, so the plugin reading it reports the missing folder in its own words.
 * @throws ReasonrlError MODEL_NOT_FOUND for a bare name (no `/`) that is neither a folder here nor an installed
 *   model package, listing the installed ones; MODEL_PACKAGE_INCOMPLETE when the package's folder has no config.json
 */
export function resolveModelDir(spec: string, baseDirs: readonly string[]): string {
  if (spec === '' || existsSync(spec)) return spec;
  const installed = findModelPackages(baseDirs);
  const match = installed.find((m) => m.name === spec || m.packageName === spec);
  if (!match) {
    const bareName = !/[\\/]/.test(spec) || (spec.startsWith('@') && spec.split('/').length === 2);
    if (!bareName) return spec;
    throw new ReasonrlError(
      'MODEL_NOT_FOUND',
      `model '${spec}': no folder of that name here (${process.cwd()}) and no installed model package of that name (installed: ${installed.map((m) => m.name).join(', ') || 'none'}); give a checkpoint folder path or an installed name`,
    );
  }
  if (!existsSync(join(match.dir, 'config.json')))
    throw new ReasonrlError(
      'MODEL_PACKAGE_INCOMPLETE',
      `model '${spec}' (package ${match.packageName}): ${match.dir} has no config.json; reinstall the package`,
    );
  return match.dir;
}

/** Names of the installed model packages, for error messages ("installed models: tiny-math"). */
export function modelNames(baseDirs: readonly string[]): string[] {
  return findModelPackages(baseDirs).map((m) => m.name);
}
