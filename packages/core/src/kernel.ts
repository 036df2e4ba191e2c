import type { z } from 'zod';
import { type ConfigRow, describeSchema } from './config/describe.js';
import { CORE_KEYS, CoreSchema, type ResolvedConfig, UseSchema } from './config/root-schema.js';
import { formatIssues } from './config/validate.js';
import { didYouMean } from './did-you-mean.js';
import { discoverPluginPackages, importPlugin, type PluginImporter } from './discover.js';
import { ConfigError, ReasonrlError } from './errors.js';
import { Container, ContainerModule } from './inversify.js';
import type { Kernel, ServiceOf } from './kernel-types.js';
import { type Contribution, ContributionToken, type LoadedPlugin, type Plugin } from './plugin.js';
import { KIND_SELECTOR, SERVICE_KINDS, type ServiceKind } from './services/kinds.js';

export interface KernelOptions {
  /** Plugins handed over directly (apps embedding reasonrl, tests). */
  plugins?: readonly Plugin[];
  /** Directories whose package.json dependencies are scanned for plugin packages. */
  discoverFrom?: readonly string[];
  /** Where names in `config.plugins` are resolved (default: discoverFrom, then the cwd). */
  resolveFrom?: readonly string[];
  /** Replaces the default resolve-and-import (tests use the bundler's own `import`). */
  importer?: PluginImporter;
  /** Shown in config errors (e.g. the config file path). */
  source?: string;
}

type BoundContribution = Contribution & { plugin: string };

/**
 * Build a kernel from a raw config object: load the plugins (installed, named in the config, or
 * handed over), validate every section against its owner's schema, and resolve services by kind and
 * name. All config problems are reported together, before anything runs or is written.
 */
export async function createKernel(
  raw: Record<string, unknown>,
  options: KernelOptions = {},
): Promise<Kernel> {
  const source = options.source;
  const pluginList = raw.plugins ?? [];
  if (!Array.isArray(pluginList) || pluginList.some((p) => typeof p !== 'string')) {
    throw new ConfigError(
      formatIssues(CoreSchema.safeParse(raw).error?.issues ?? [], CoreSchema, raw),
      source,
    );
  }

  // 1. Load plugins: inline, discovered, then named in the config.
  const loaded: LoadedPlugin[] = (options.plugins ?? []).map((plugin) => ({
    plugin,
    packageName: '<inline>',
    version: '0.0.0',
  }));
  const discoverFrom = options.discoverFrom ?? [];
  const resolveFrom = options.resolveFrom ?? [...discoverFrom, process.cwd()];
  const named = new Set(pluginList as string[]);
  const specifiers = new Set<string>();
  for (const dir of discoverFrom) for (const name of discoverPluginPackages(dir)) specifiers.add(name);
  for (const name of named) specifiers.add(name);
  const warnings: string[] = [];
  for (const spec of specifiers) {
    let lp: LoadedPlugin;
    try {
      lp = await importPlugin(spec, resolveFrom, options.importer);
    } catch (e) {
      // A plugin the config names must load; one merely found installed must not break every run.
      if (named.has(spec)) throw e;
      warnings.push(`skipped installed plugin '${spec}': ${(e as Error).message}`);
      continue;
    }
    const same = loaded.find((l) => l.plugin.name === lp.plugin.name);
    if (same) {
      if (same.packageName === lp.packageName || same.packageName === '<inline>') continue;
      throw new ReasonrlError(
        'PLUGIN_CONFLICT',
        `plugin '${lp.plugin.name}' is provided by both ${same.packageName} and ${lp.packageName}`,
      );
    }
    loaded.push(lp);
  }

  // 2. Bind contributions in one container (each plugin one ContainerModule), rejecting duplicates.
  const container = new Container();
  const seen = new Map<string, string>();
  const configOwners = new Map<string, LoadedPlugin>();
  for (const lp of loaded) {
    const { plugin } = lp;
    for (const c of plugin.provides) {
      const key = `${c.kind}:${c.name}`;
      const other = seen.get(key);
      if (other) {
        throw new ReasonrlError(
          'PLUGIN_CONFLICT',
          `${c.kind} '${c.name}' is provided by both plugin '${other}' and plugin '${plugin.name}'`,
        );
      }
      seen.set(key, plugin.name);
    }
    if (plugin.configKey) {
      const owner = configOwners.get(plugin.configKey);
      if (owner) {
        throw new ReasonrlError(
          'PLUGIN_CONFLICT',
          `config section '${plugin.configKey}' is claimed by both '${owner.plugin.name}' and '${plugin.name}'`,
        );
      }
      if (CORE_KEYS.includes(plugin.configKey)) {
        throw new ReasonrlError(
          'PLUGIN_INVALID',
          `plugin '${plugin.name}': config key '${plugin.configKey}' is reserved by core`,
        );
      }
      configOwners.set(plugin.configKey, lp);
    }
    container.loadSync(
      new ContainerModule((bindings) => {
        for (const c of plugin.provides) {
          bindings.bind<BoundContribution>(ContributionToken).toConstantValue({ ...c, plugin: plugin.name });
        }
        plugin.register?.(bindings);
      }),
    );
  }
  const contributions: BoundContribution[] = container.isBound(ContributionToken)
    ? container.getAll<BoundContribution>(ContributionToken)
    : [];

  // 3. Validate the config: unknown sections, core keys, then each plugin's section.
  const issues: string[] = [];
  const knownKeys = [...CORE_KEYS, ...configOwners.keys()];
  for (const key of Object.keys(raw)) {
    if (knownKeys.includes(key)) continue;
    const guess = didYouMean(key, knownKeys);
    issues.push(
      `${key}: unknown section${guess ? ` (did you mean '${guess}'?)` : ''}; sections here: ${knownKeys.join(', ')}`,
    );
  }
  const coreInput = Object.fromEntries(CORE_KEYS.filter((k) => k in raw).map((k) => [k, raw[k]]));
  const core = CoreSchema.safeParse(coreInput);
  if (!core.success) issues.push(...formatIssues(core.error.issues, CoreSchema, coreInput));
  const sections: Record<string, unknown> = {};
  for (const [key, lp] of configOwners) {
    const schema = lp.plugin.configSchema as z.ZodObject;
    const input = raw[key] ?? {};
    const parsed = schema.safeParse(input);
    if (parsed.success) sections[key] = parsed.data;
    else issues.push(...formatIssues(parsed.error.issues, schema, input, [key]));
  }
  // Explicit selections must name an installed service. Defaults are checked when first used, also when
  // a resumed run's recorded config spells them out (a run that never needs a Backend must not fail on it).
  const rawUse = (raw.use ?? {}) as Record<string, unknown>;
  const useDefaults = UseSchema.parse(undefined) as Record<string, unknown>;
  for (const kind of SERVICE_KINDS) {
    const selector = KIND_SELECTOR[kind];
    const name = rawUse[selector];
    if (name === useDefaults[selector]) continue;
    if (typeof name === 'string' && !contributions.some((c) => c.kind === kind && c.name === name)) {
      issues.push(`use.${selector}: ${unknownServiceMessage(kind, name, contributions)}`);
    }
  }
  if (issues.length) throw new ConfigError(issues, source);

  const config = { ...(core.data as object), ...sections } as ResolvedConfig;
  const instances = new Map<string, Promise<unknown>>();

  const kernel: Kernel = {
    config,
    plugins: loaded,
    warnings,
    list(kind: ServiceKind) {
      return contributions
        .filter((c) => c.kind === kind)
        .map((c) => ({ name: c.name, description: c.description, plugin: c.plugin }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    get<K extends ServiceKind>(kind: K, name?: string): Promise<ServiceOf[K]> {
      const wanted =
        name ??
        ((config.use as Record<string, string | undefined>)[KIND_SELECTOR[kind]] as string | undefined);
      if (!wanted) {
        return Promise.reject(
          new ReasonrlError(
            'SERVICE_NOT_SELECTED',
            `no ${kind} selected: set use.${KIND_SELECTOR[kind]} (installed: ${namesOf(kind, contributions)})`,
          ),
        );
      }
      const key = `${kind}:${wanted}`;
      let instance = instances.get(key);
      if (!instance) {
        const c = contributions.find((x) => x.kind === kind && x.name === wanted);
        if (!c)
          return Promise.reject(
            new ReasonrlError('SERVICE_NOT_FOUND', unknownServiceMessage(kind, wanted, contributions)),
          );
        const owner = loaded.find((l) => l.plugin.name === c.plugin)!;
        const opts = owner.plugin.configKey ? sections[owner.plugin.configKey] : {};
        // An async wrapper turns a factory's synchronous throw into a rejection; a failed creation is
        // not cached, so a later get() tries again.
        const created = (async () => c.create({ options: opts, kernel }))();
        created.catch(() => instances.delete(key));
        instance = created;
        instances.set(key, instance);
      }
      return instance as Promise<ServiceOf[K]>;
    },
    section<T>(configKey: string): T {
      if (!(configKey in sections)) {
        throw new ReasonrlError(
          'SECTION_NOT_FOUND',
          `no plugin owns config section '${configKey}' (sections: ${[...configOwners.keys()].join(', ')})`,
        );
      }
      return sections[configKey] as T;
    },
    describeConfig(): ConfigRow[] {
      const rows = describeSchema(CoreSchema, config, '');
      for (const [key, lp] of configOwners)
        rows.push(...describeSchema(lp.plugin.configSchema as z.ZodObject, sections[key], key));
      return rows;
    },
    async dispose() {
      for (const p of instances.values()) {
        const svc = (await p.catch(() => undefined)) as { dispose?: () => unknown } | undefined;
        await svc?.dispose?.();
      }
      instances.clear();
    },
  };
  return kernel;
}

function namesOf(kind: ServiceKind, contributions: readonly BoundContribution[]): string {
  const names = contributions.filter((c) => c.kind === kind).map((c) => c.name);
  return names.length ? names.sort().join(', ') : 'none';
}

function unknownServiceMessage(
  kind: ServiceKind,
  name: string,
  contributions: readonly BoundContribution[],
): string {
  const names = contributions.filter((c) => c.kind === kind).map((c) => c.name);
  const guess = didYouMean(name, names);
  return `no ${kind} named '${name}' is installed${guess ? ` (did you mean '${guess}'?)` : ''}; installed ${kind}s: ${names.sort().join(', ') || 'none'}`;
}
