import type { NamedWeights } from '@reasonrl/core';

/**
 * Weights packed into one shared buffer, to hand to worker threads without a copy on the way: each tensor's values at
 * `offset` (in floats) in `data`, a `SharedArrayBuffer` every worker reads. Packing copies exactly the tensors'
 * values (cloning the arrays would copy the whole buffer behind any that are views of a larger one).
 */
export interface PackedWeights {
  data: Float32Array;
  entries: { name: string; shape: number[]; offset: number; length: number }[];
}

/**
 * Pack `weights` into `into` when it has exactly their size (a buffer reused from the last sync: its pages are
 * mapped already, so packing is a plain copy), else into a new shared buffer.
 */
export function packWeights(weights: NamedWeights, into?: Float32Array): PackedWeights {
  let total = 0;
  for (const t of weights.values()) total += t.data.length;
  const data = into?.length === total ? into : new Float32Array(new SharedArrayBuffer(4 * total));
  const entries: PackedWeights['entries'] = [];
  let offset = 0;
  for (const [name, t] of weights) {
    data.set(t.data, offset);
    entries.push({ name, shape: [...t.shape], offset, length: t.data.length });
    offset += t.data.length;
  }
  return { data, entries };
}

/**
 * Copy packed weights out of the shared buffer into this thread's own (`into` when it has their size, else a new
 * array): ORT takes no tensor on shared memory, and the sender reuses its buffer at the next sync. Returns the
 * tensors as views into that copy.
 */
export function unpackWeights(
  { data, entries }: PackedWeights,
  into?: Float32Array,
): { weights: NamedWeights; data: Float32Array } {
  const own = into?.length === data.length ? into : new Float32Array(data.length);
  own.set(data);
  return { weights: viewsOf({ data: own, entries }), data: own };
}

/** The tensors of packed weights as views into `data` (no copy). */
export function viewsOf({ data, entries }: PackedWeights): NamedWeights {
  const weights: NamedWeights = new Map();
  for (const e of entries)
    weights.set(e.name, { shape: e.shape, data: data.subarray(e.offset, e.offset + e.length) });
  return weights;
}
