import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReasonrlError } from '@reasonrl/core';

/** Presets shipped in `presets/<name>.yaml`: `tiny` is what `pnpm start` runs. */
export const PRESETS = ['tiny'] as const;

/** Absolute path of a shipped preset's YAML file (works from `src/` and `dist/`). */
export function presetPath(name: string): string {
  if (!(PRESETS as readonly string[]).includes(name))
    throw new ReasonrlError('PRESET_UNKNOWN', `unknown preset '${name}' (known: ${PRESETS.join(', ')})`);
  const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'presets'), `${name}.yaml`);
  if (!existsSync(file))
    throw new ReasonrlError('PRESET_UNKNOWN', `preset '${name}': ${file} is missing from the package`);
  return file;
}
