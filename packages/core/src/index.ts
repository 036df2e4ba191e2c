export * from './services/index.js';
export * from './errors.js';
export * from './did-you-mean.js';
export * from './plugin.js';
export * from './kernel.js';
export type { Kernel, CreateContext, ServiceOf } from './kernel-types.js';
export { discoverPluginPackages, importPlugin, type PluginImporter } from './discover.js';
export { CoreSchema, CORE_KEYS, type CoreConfig, type ResolvedConfig } from './config/root-schema.js';
export { loadConfigFile, applyOverrides } from './config/load.js';
export { describeSchema, type ConfigRow } from './config/describe.js';
export { formatIssues } from './config/validate.js';
export * from './inversify.js';
// Plugins declare their config with this zod instance, so schema walking sees one library.
export { z } from 'zod';
