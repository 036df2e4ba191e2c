import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from './atomic-write.js';
import { checkTensors } from './expected-tensors.js';
import type { ModelConfig, NamedTensor } from './model-config.js';
import { readJsonObject } from './read-json.js';
import { modelConfigToJson } from './read-model-config.js';
import { type SaveSafetensorsOptions, saveSafetensors } from './save-safetensors.js';

/** Files next to the weights that a checkpoint folder carries over unchanged (tokenizer and generation settings). */
export const SIDE_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
  'chat_template.jinja',
] as const;

export interface SaveCheckpointOptions extends SaveSafetensorsOptions {
  /** Folder to copy the side files and the original `config.json` fields from (usually the folder loaded). */
  sourceDir?: string;
}

/**
 * Saves a checkpoint folder loadable by `transformers` and by {@link loadCheckpoint}: the weights (checked against
 * the config first), `config.json` (the source's own fields kept, the architecture fields from `config`), and the
 * tokenizer/generation files copied from `sourceDir`. Every file is written atomically.
 */
export async function saveCheckpoint(
  dir: string,
  config: ModelConfig,
  tensors: ReadonlyMap<string, NamedTensor>,
  options: SaveCheckpointOptions = {},
): Promise<void> {
  checkTensors(tensors, config, 'saveCheckpoint');
  await mkdir(dir, { recursive: true });
  await saveSafetensors(dir, tensors, options);
  const source =
    options.sourceDir && resolve(options.sourceDir) !== resolve(dir) ? options.sourceDir : undefined;
  const original = source ? await readJsonObject(join(source, 'config.json'), true) : undefined;
  const dtype = options.dtype === 'BF16' ? 'bfloat16' : options.dtype === 'F16' ? 'float16' : 'float32';
  await writeJsonAtomic(join(dir, 'config.json'), {
    ...original,
    ...modelConfigToJson(config),
    torch_dtype: dtype,
  });
  if (!source) return;
  const present = new Set(await readdir(source));
  for (const file of SIDE_FILES) if (present.has(file)) await copyFile(join(source, file), join(dir, file));
}
