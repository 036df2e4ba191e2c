import { checkTensors } from './expected-tensors.js';
import { loadSafetensors } from './load-safetensors.js';
import type { ModelConfig, NamedTensor } from './model-config.js';
import { readModelConfig } from './read-model-config.js';

export interface Checkpoint {
  config: ModelConfig;
  /** float32 weights by Hugging Face name, checked against the config (extras such as a tied `lm_head` dropped). */
  tensors: Map<string, NamedTensor>;
}

/** `config.json` plus the safetensors weights of `dir`, validated against each other. */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const config = await readModelConfig(dir);
  const tensors = checkTensors(await loadSafetensors(dir), config, dir);
  return { config, tensors };
}
