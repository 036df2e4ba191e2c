import { createRequire } from 'node:module';
import { OnnxGraph } from '@reasonrl/onnx-qwen';

/**
 * The onnxruntime-node version whose native binding this module calls directly. The binding
 * (`onnxruntime-node/dist/binding.js`) is not public API: it is what the package's own async `InferenceSession` wraps,
 * and it runs synchronously, which a tfjs kernel must. Another version is refused rather than trusted.
 */
export const ORT_NODE_VERSION = '1.30.0';

/** The parts of `Binding.InferenceSession` (onnxruntime-node 1.30 dist/binding.d.ts) used here. */
export interface BindingSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: object): void;
  run(
    feeds: Record<string, unknown>,
    fetches: Record<string, unknown>,
    options: object,
  ): Record<string, unknown>;
  dispose(): void;
}

export interface OrtModules {
  InferenceSession: new () => BindingSession;
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

let loaded: OrtModules | string | undefined;

/**
 * Loads onnxruntime-node's synchronous binding once; the modules, or why they cannot be used (package missing, another
 * version, binding without the expected members, native library that does not load).
 */
export function loadOrtBinding(): OrtModules | string {
  if (loaded !== undefined) return loaded;
  try {
    const require = createRequire(import.meta.url);
    const version = (require('onnxruntime-node/package.json') as { version: string }).version;
    if (version !== ORT_NODE_VERSION) {
      loaded = `onnxruntime-node ${version} is installed; the synchronous binding is used only with ${ORT_NODE_VERSION}`;
      return loaded;
    }
    const { binding, initOrt } = require('onnxruntime-node/dist/binding.js') as {
      binding?: { InferenceSession?: unknown };
      initOrt?: () => void;
    };
    const { Tensor } = require('onnxruntime-node') as { Tensor?: unknown };
    const Session = binding?.InferenceSession as (new () => BindingSession) | undefined;
    if (typeof Session !== 'function' || typeof initOrt !== 'function' || typeof Tensor !== 'function') {
      loaded = 'onnxruntime-node/dist/binding.js lacks InferenceSession or initOrt';
      return loaded;
    }
    const proto = Session.prototype as Partial<BindingSession>;
    if (typeof proto.run !== 'function' || typeof proto.loadModel !== 'function') {
      loaded = 'onnxruntime-node binding.InferenceSession lacks loadModel/run';
      return loaded;
    }
    initOrt();
    loaded = { InferenceSession: Session, Tensor: Tensor as OrtModules['Tensor'] };
  } catch (err) {
    loaded = `onnxruntime-node does not load: ${(err as Error).message.split('\n')[0]}`;
  }
  return loaded;
}

/** A batched product for ORT: a (batchA, rowsA, colsA), b (batchB, rowsB, colsB), batchA or batchB 1 or both equal. */
export interface OrtMatMulOperands {
  a: Float32Array;
  aDims: readonly [number, number, number];
  b: Float32Array;
  bDims: readonly [number, number, number];
  transposeA: boolean;
  transposeB: boolean;
  /** Receives (max(batchA, batchB), M, N). */
  out: Float32Array;
  outDims: readonly [number, number, number];
}

/**
 * Matrix products on onnxruntime's CPU provider (MLAS GEMM, `threads` intra-op threads; 0 = ORT's default, one per
 * physical core), synchronously, reading the operands where they lie and writing straight into `out` (a pre-allocated
 * output). One cached session per transpose kind: a com.microsoft `FusedMatMul` node (transA/transB attributes;
 * batch dims broadcast as in numpy) with symbolic dims, so every shape runs through the same four sessions.
 * Measured here against plain MatMul on the train-step bench's shapes: the same speed, and it needs no Transpose.
 */
export class OrtMatMul {
  private readonly sessions = new Map<string, BindingSession>();

  private constructor(
    private readonly ort: OrtModules,
    readonly threads: number,
  ) {}

  /** An OrtMatMul, or the reason onnxruntime cannot run it. */
  static create(threads = 0): OrtMatMul | string {
    if (!Number.isInteger(threads) || threads < 0) {
      throw new Error(
        `ORT matMul threads must be an integer >= 0 (0 = onnxruntime's default), got ${threads}`,
      );
    }
    const ort = loadOrtBinding();
    return typeof ort === 'string' ? ort : new OrtMatMul(ort, threads);
  }

  private session(transposeA: boolean, transposeB: boolean): BindingSession {
    const key = `${transposeA ? 't' : 'n'}${transposeB ? 't' : 'n'}`;
    let session = this.sessions.get(key);
    if (!session) {
      const g = new OnnxGraph('batched_matmul');
      const a = g.input('a', 'float32', ['batch_a', 'rows_a', 'cols_a']);
      const b = g.input('b', 'float32', ['batch_b', 'rows_b', 'cols_b']);
      const y = g.nodeN(
        'FusedMatMul',
        [a, b],
        ['y'],
        { alpha: { f: 1 }, transA: { i: transposeA ? 1 : 0 }, transB: { i: transposeB ? 1 : 0 } },
        'com.microsoft',
      )[0];
      g.output(y, 'y', 'float32', ['batch', 'm', 'n']);
      const bytes = g.encode([
        { domain: '', version: 17 },
        { domain: 'com.microsoft', version: 1 },
      ]);
      session = new this.ort.InferenceSession();
      session.loadModel(bytes.buffer, bytes.byteOffset, bytes.byteLength, {
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        // Between products the step runs tfjs kernels on one thread; spinning pool threads would only burn the other
        // cores (measured on the train-step bench under load: median 2.34 / 3.07 s per step without, 2.98 / 3.23 s with).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
      this.sessions.set(key, session);
    }
    return session;
  }

  /** out = op(a) @ op(b), batch by batch (see OrtMatMulOperands). */
  run(x: OrtMatMulOperands): void {
    const { Tensor } = this.ort;
    const size = (d: readonly number[]) => d[0] * d[1] * d[2];
    if (x.a.length !== size(x.aDims) || x.b.length !== size(x.bDims) || x.out.length !== size(x.outDims)) {
      throw new Error('OrtMatMul: operand lengths do not match their dims');
    }
    // The binding copies the output into a fresh JS array as its return value; the product itself is already in
    // `out`, so that copy is dropped.
    this.session(x.transposeA, x.transposeB).run(
      { a: new Tensor('float32', x.a, x.aDims), b: new Tensor('float32', x.b, x.bDims) },
      { y: new Tensor('float32', x.out, x.outDims) },
      {},
    );
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
  }
}
