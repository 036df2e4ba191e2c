import type { ConfigRow } from './config/describe.js';
import type { ResolvedConfig } from './config/root-schema.js';
import type { LoadedPlugin } from './plugin.js';
import type { Algorithm } from './services/algorithm.js';
import type { Backend } from './services/backend.js';
import type { Grader } from './services/grader.js';
import type { ServiceKind } from './services/kinds.js';
import type { Loss } from './services/loss.js';
import type { Sampler } from './services/sampler.js';
import type { Task } from './services/task.js';
import type { Tracker } from './services/tracker.js';

/** The interface type behind each kind, so `kernel.get('Grader', ...)` is typed. */
export interface ServiceOf {
  Backend: Backend;
  Sampler: Sampler;
  Grader: Grader;
  Loss: Loss;
  Algorithm: Algorithm;
  Task: Task;
  Tracker: Tracker;
}

/** What a contribution's factory receives. */
export interface CreateContext<TOptions = unknown> {
  /** The plugin's own config section, validated and with defaults filled. */
  options: TOptions;
  kernel: Kernel;
}

/** A kernel made by `createKernel`: the loaded plugins and the validated config. */
export interface Kernel {
  readonly config: ResolvedConfig;
  readonly plugins: readonly LoadedPlugin[];
  /** Installed plugins that were found but failed to load (the run goes on without them). */
  readonly warnings: readonly string[];
  /** Names of the services of a kind, with the plugin providing each. */
  list(kind: ServiceKind): { name: string; description: string; plugin: string }[];
  /** The service `name` of `kind` (default: the one the config selects under `use`). Created once. */
  get<K extends ServiceKind>(kind: K, name?: string): Promise<ServiceOf[K]>;
  /** Validated config section of a plugin by its config key (e.g. `grpo`). */
  section<T = Record<string, unknown>>(configKey: string): T;
  /** Every config field with default, current value and description (for `reasonrl config`). */
  describeConfig(): ConfigRow[];
  dispose(): Promise<void>;
}
