export { TINY_MATH_ASSET_FILES, TINY_MATH_VOCAB_SIZE, tinyMathAssetsDir } from './assets-dir.js';
