import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The files shipped in `assets/`: what a Hugging Face checkpoint folder needs besides its weights. */
export const TINY_MATH_ASSET_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
] as const;

/** Vocabulary size of the shipped tokenizer (508 BPE tokens + 5 special ones, ids < 512), rounded as the model's. */
export const TINY_MATH_VOCAB_SIZE = 512;

/**
 * Absolute path of the package's `assets/` folder (tokenizer.json, tokenizer_config.json,
 * generation_config.json). Works from `src/` (tests) and `dist/` (built) alike: both sit one level
 * below the package root. Throws, naming the folder and the missing file, if the package is incomplete.
 */
export function tinyMathAssetsDir(): string {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
  for (const file of TINY_MATH_ASSET_FILES) {
    if (!existsSync(join(dir, file))) {
      throw new Error(
        `@reasonrl/tiny-math: ${join(dir, file)} is missing; the package should ship ${TINY_MATH_ASSET_FILES.join(', ')} in assets/`,
      );
    }
  }
  return dir;
}
