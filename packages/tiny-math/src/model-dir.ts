import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files of the shipped checkpoint folder `model/` (a complete Hugging Face Qwen2 checkpoint). */
export const TINY_MATH_MODEL_FILES = [
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
] as const;

/**
 * Absolute path of the package's `model/` folder: the pretrained tiny-math base model that `--model tiny-math`
 * and the `tiny` pipeline preset load. Works from `src/` (tests) and `dist/` (built) alike: both sit one level
 * below the package root. Throws, naming the folder and the missing file, if the package is incomplete.
 */
export function tinyMathModelDir(): string {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'model');
  for (const file of TINY_MATH_MODEL_FILES) {
    if (!existsSync(join(dir, file))) {
      throw new Error(
        `@reasonrl/tiny-math: ${join(dir, file)} is missing; the package should ship ${TINY_MATH_MODEL_FILES.join(', ')} in model/`,
      );
    }
  }
  return dir;
}

/** The shipped model's vocabulary size (config.json `vocab_size`: the tokenizer's ids rounded up to 64). */
export function tinyMathVocabSize(): number {
  const config = JSON.parse(readFileSync(join(tinyMathModelDir(), 'config.json'), 'utf8')) as {
    vocab_size?: unknown;
  };
  if (typeof config.vocab_size !== 'number')
    throw new Error(`@reasonrl/tiny-math: model/config.json has no numeric vocab_size`);
  return config.vocab_size;
}
