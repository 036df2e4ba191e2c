/**
 * Rotary position tables as Hugging Face's default RoPE computes them in float32:
 * `invFreq[i] = 1 / theta^(2i / headDim)`, `angle[p, i] = p * invFreq[i]`.
 * Returns `cos` and `sin`, each (maxPositions, headDim / 2) row-major: row p holds position p.
 * HF concatenates the half table with itself (`rotate_half` layout); the graph applies each half once.
 */
export function ropeTables(
  headDim: number,
  theta: number,
  maxPositions: number,
): { cos: Float32Array; sin: Float32Array } {
  if (!Number.isInteger(headDim) || headDim <= 0 || headDim % 2 !== 0) {
    throw new Error(`ropeTables: headDim must be a positive even integer, got ${headDim}`);
  }
  if (!(theta > 0)) throw new Error(`ropeTables: theta must be positive, got ${theta}`);
  const half = headDim / 2;
  const invFreq = new Float32Array(half);
  for (let i = 0; i < half; i++) invFreq[i] = 1 / theta ** ((2 * i) / headDim);
  const cos = new Float32Array(maxPositions * half);
  const sin = new Float32Array(maxPositions * half);
  for (let p = 0; p < maxPositions; p++) {
    for (let i = 0; i < half; i++) {
      // float32 product, as torch's float32 matmul of positions and inverse frequencies
      const angle = Math.fround(p * invFreq[i]);
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}
