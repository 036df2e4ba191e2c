export { TINY_MATH_MODEL_FILES, tinyMathModelDir, tinyMathVocabSize } from './model-dir.js';
