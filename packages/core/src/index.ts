// Plugins declare their config with this zod instance, so schema walking sees one library.
export { z } from 'zod';
export { type ConfigRow, describeSchema } from './config/describe.js';
export { applyOverrides, loadConfigFile } from './config/load.js';
export { CORE_KEYS, type CoreConfig, CoreSchema, type ResolvedConfig } from './config/root-schema.js';
export { formatIssues } from './config/validate.js';
export * from './did-you-mean.js';
export { discoverPluginPackages, importPlugin, type PluginImporter } from './discover.js';
export * from './errors.js';
export { gradeAll } from './grade-all.js';
export * from './inversify.js';
export * from './kernel.js';
export type { CreateContext, Kernel, ServiceOf } from './kernel-types.js';
export { findModelPackages, type ModelPackage, modelNames, resolveModelDir } from './model-packages.js';
export * from './plugin.js';
export { mulberry32 } from './seeded-random.js';
export * from './services/index.js';
