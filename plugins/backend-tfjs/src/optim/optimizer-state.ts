import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CheckpointError,
  loadSafetensorsFile,
  type NamedTensor,
  saveSafetensorsFile,
  writeJsonAtomic,
} from '@reasonrl/hf-checkpoint';
import * as tf from '@tensorflow/tfjs-core';
import type { AdamW } from './adamw.js';

/** Beside the model: AdamW moments as `exp_avg.<hf name>` / `exp_avg_sq.<hf name>` (float32, like torch's state). */
export const OPTIMIZER_FILE = 'optimizer.safetensors';
/** Beside the model: `{ "step": n }`, the number of optimizer steps taken. */
export const TRAINER_STATE_FILE = 'trainer_state.json';

/** Saves the optimizer's moments and step count into `dir` (atomically, file by file). */
export async function saveOptimizerState(dir: string, optimizer: AdamW): Promise<void> {
  const tensors = new Map<string, NamedTensor>();
  for (const [prefix, slots] of [
    ['exp_avg', optimizer.m],
    ['exp_avg_sq', optimizer.v],
  ] as const) {
    for (const [name, v] of slots)
      tensors.set(`${prefix}.${name}`, { shape: [...v.shape], data: v.dataSync() as Float32Array });
  }
  await saveSafetensorsFile(join(dir, OPTIMIZER_FILE), tensors);
  await writeJsonAtomic(join(dir, TRAINER_STATE_FILE), { step: optimizer.step });
}

/**
 * Restores moments and step count saved by saveOptimizerState; `shapes` are the model's parameter shapes by HF name.
 * Returns false when `dir` holds no optimizer state (a fresh checkpoint).
 */
export async function loadOptimizerState(
  dir: string,
  optimizer: AdamW,
  shapes: ReadonlyMap<string, readonly number[]>,
): Promise<boolean> {
  let stateText: string;
  try {
    stateText = await readFile(join(dir, TRAINER_STATE_FILE), 'utf8');
  } catch {
    return false;
  }
  const step = (JSON.parse(stateText) as { step?: unknown }).step;
  if (!Number.isInteger(step) || (step as number) < 0)
    throw new CheckpointError(`${join(dir, TRAINER_STATE_FILE)}: 'step' must be an integer >= 0`);
  const tensors = await loadSafetensorsFile(join(dir, OPTIMIZER_FILE));
  optimizer.dispose();
  for (const [prefix, slots] of [
    ['exp_avg', optimizer.m],
    ['exp_avg_sq', optimizer.v],
  ] as const) {
    for (const [name, shape] of shapes) {
      const t = tensors.get(`${prefix}.${name}`);
      if (!t) throw new CheckpointError(`${join(dir, OPTIMIZER_FILE)}: missing '${prefix}.${name}'`);
      if (t.shape.join(',') !== shape.join(',')) {
        throw new CheckpointError(
          `${join(dir, OPTIMIZER_FILE)}: '${prefix}.${name}' has shape [${t.shape}], expected [${shape}]`,
        );
      }
      slots.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(t.data, [...shape], 'float32'), false)),
      );
    }
  }
  optimizer.step = step as number;
  return true;
}
