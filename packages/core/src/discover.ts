import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReasonrlError } from './errors.js';
import { isPlugin, type LoadedPlugin } from './plugin.js';

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  reasonrl?: { plugin?: boolean };
}

function readJson(file: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/**
 * Plugin packages among the dependencies of the package in `baseDir`: those whose package.json
 * says `"reasonrl": { "plugin": true }`. This is how the CLI finds the plugins installed with it
 * (and a user's project finds its own) without core knowing any of them.
 */
export function discoverPluginPackages(baseDir: string): string[] {
  const pkg = readJson(join(baseDir, 'package.json'));
  if (!pkg) return [];
  const req = createRequire(join(baseDir, 'package.json'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies });
  const found: string[] = [];
  for (const name of names) {
    let manifest: PackageJson | undefined;
    try {
      manifest = readJson(req.resolve(`${name}/package.json`));
    } catch {
      continue; // not installed (optional) or exports hide package.json: not a reasonrl plugin
    }
    if (manifest?.reasonrl?.plugin) found.push(name);
  }
  return found.sort();
}

export type PluginImporter = (specifier: string) => Promise<unknown>;

/** Resolve a package name (from `resolveFrom` dirs, in order) or a path, import it and take its plugin. */
export async function importPlugin(
  specifier: string,
  resolveFrom: readonly string[],
  importer?: PluginImporter,
): Promise<LoadedPlugin> {
  let mod: unknown;
  let packageName = specifier;
  let version = '0.0.0';
  if (importer) {
    mod = await importer(specifier);
  } else {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    let file: string | undefined;
    const errors: string[] = [];
    for (const dir of isPath ? [process.cwd()] : resolveFrom) {
      try {
        const req = createRequire(join(dir, 'package.json'));
        file = req.resolve(isPath ? resolve(dir, specifier) : specifier);
        if (!isPath) {
          const manifest = readJson(req.resolve(`${specifier}/package.json`));
          version = manifest?.version ?? version;
        }
        break;
      } catch (e) {
        errors.push(`${dir}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    if (!file) {
      throw new ReasonrlError(
        'PLUGIN_NOT_FOUND',
        `cannot find plugin package '${specifier}' (looked from ${resolveFrom.join(', ') || 'nowhere'}); install it or fix the name in 'plugins'`,
      );
    }
    mod = await import(pathToFileURL(file).href);
  }
  const m = mod as { default?: unknown; plugin?: unknown };
  const plugin = isPlugin(m.default)
    ? m.default
    : isPlugin(m.plugin)
      ? m.plugin
      : isPlugin(mod)
        ? mod
        : undefined;
  if (!plugin) {
    throw new ReasonrlError(
      'PLUGIN_INVALID',
      `package '${specifier}' was loaded but exports no plugin: its default export must be made by definePlugin(...)`,
    );
  }
  if (packageName === specifier && specifier.startsWith('.')) packageName = specifier;
  return { plugin, packageName, version };
}
