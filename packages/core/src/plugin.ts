import type { ContainerModuleLoadOptions } from 'inversify';
import type { z } from 'zod';
import { ReasonrlError } from './errors.js';
import type { CreateContext, ServiceOf } from './kernel-types.js';
import { SERVICE_KINDS, type ServiceKind } from './services/kinds.js';

/** One service a plugin offers, e.g. `{ kind: 'Grader', name: 'r1_zero', create }`. */
// biome-ignore lint/suspicious/noExplicitAny: a contribution list mixes option types; definePlugin types each one
export interface Contribution<K extends ServiceKind = ServiceKind, TOptions = any> {
  kind: K;
  /** The name a config uses to select it (`use.grader: r1_zero`, `lossType: grpo_clip`). */
  name: string;
  description: string;
  create(context: CreateContext<TOptions>): ServiceOf[K] | Promise<ServiceOf[K]>;
}

/** The DI token under which every contribution is bound (Theia's contribution pattern). */
export const ContributionToken = Symbol.for('reasonrl.Contribution');

export interface PluginDefinition<TSchema extends z.ZodObject = z.ZodObject> {
  /** Unique name; built-ins are `reasonrl:<what>` (e.g. `reasonrl:grpo`). */
  name: string;
  description: string;
  /** The config section this plugin owns (e.g. `grpo` for `--set grpo.lossType=grpo_clip`). */
  configKey?: string;
  /** Zod object for that section: every field with a default and a `.describe()` text. */
  configSchema?: TSchema;
  provides: Contribution<ServiceKind, z.infer<TSchema>>[];
  /** Extra inversify bindings, if the plugin has internal services worth sharing. */
  register?(bindings: ContainerModuleLoadOptions): void;
}

export interface Plugin<TSchema extends z.ZodObject = z.ZodObject> extends PluginDefinition<TSchema> {
  readonly __reasonrlPlugin: 1;
}

/** A plugin as the kernel holds it, with the package it came from. */
export interface LoadedPlugin {
  plugin: Plugin;
  /** npm package name, or `<inline>` for plugins handed to the kernel directly. */
  packageName: string;
  version: string;
}

const NAME_RE = /^[a-z0-9@][a-z0-9:_./@-]*$/i;

/** Declare a plugin. Checks the declaration eagerly so a broken plugin fails at import, by name. */
export function definePlugin<TSchema extends z.ZodObject>(
  definition: PluginDefinition<TSchema>,
): Plugin<TSchema> {
  const where = `plugin '${definition?.name ?? '?'}'`;
  if (!definition || typeof definition.name !== 'string' || !NAME_RE.test(definition.name)) {
    throw new ReasonrlError(
      'PLUGIN_INVALID',
      `${where}: name must be a non-empty identifier like 'reasonrl:grpo'`,
    );
  }
  if (!Array.isArray(definition.provides) || definition.provides.length === 0) {
    throw new ReasonrlError('PLUGIN_INVALID', `${where}: 'provides' must list at least one contribution`);
  }
  for (const c of definition.provides) {
    if (!SERVICE_KINDS.includes(c.kind)) {
      throw new ReasonrlError(
        'PLUGIN_INVALID',
        `${where}: unknown service kind '${String(c.kind)}' (known: ${SERVICE_KINDS.join(', ')})`,
      );
    }
    if (typeof c.name !== 'string' || !c.name || typeof c.create !== 'function') {
      throw new ReasonrlError(
        'PLUGIN_INVALID',
        `${where}: each contribution needs a name and a create function`,
      );
    }
  }
  if (definition.configSchema && !definition.configKey) {
    throw new ReasonrlError(
      'PLUGIN_INVALID',
      `${where}: a configSchema needs a configKey (its section name)`,
    );
  }
  return { ...definition, __reasonrlPlugin: 1 };
}

/** Duck-typed check (not instanceof), so plugins built against another copy of core still load. */
export function isPlugin(value: unknown): value is Plugin {
  return typeof value === 'object' && value !== null && (value as Plugin).__reasonrlPlugin === 1;
}
