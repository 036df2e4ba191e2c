import type { Attr, OnnxGraph } from '@reasonrl/onnx-qwen';

/**
 * The few composite pieces both training graphs need, forward and gradient side by side so each pair can be read
 * together. Every function adds nodes to `g` and returns value names. Shapes in comments: N = B*T rows.
 */
export class GraphOps {
  constructor(readonly g: OnnxGraph) {}

  private axesCache = new Map<string, string>();

  /** One node with one output, named `name` when given. */
  one(op: string, inputs: readonly string[], name?: string, attrs: Record<string, Attr> = {}): string {
    return this.g.nodeN(op, inputs, [name], attrs)[0];
  }

  /** An int64 constant, shared by every use (axes, shapes). */
  i64(values: readonly number[]): string {
    const key = values.join(',');
    let name = this.axesCache.get(key);
    if (!name) {
      name = this.g.constI64(values);
      this.axesCache.set(key, name);
    }
    return name;
  }

  /** A float scalar constant. */
  f32(value: number): string {
    return this.g.constF32([value], []);
  }

  /** Concatenate int64 1-D pieces into a shape. */
  shape(parts: readonly string[]): string {
    return this.g.node('Concat', parts, { axis: { i: 0 } });
  }

  /** `name` (here and below): the output's name, for a value that is also a graph output (no Identity copy). */
  reshape(x: string, shape: string, name?: string): string {
    return this.one('Reshape', [x, shape], name);
  }

  transpose(x: string, perm: number[], name?: string): string {
    return this.one('Transpose', [x], name, { perm: { ints: perm } });
  }

  mul(a: string, b: string): string {
    return this.g.node('Mul', [a, b]);
  }

  add(a: string, b: string, name?: string): string {
    return this.one('Add', [a, b], name);
  }

  sub(a: string, b: string): string {
    return this.g.node('Sub', [a, b]);
  }

  /** ReduceSum over `axes` (opset 13+: axes as an input). */
  sum(x: string, axes: number[], keepdims: boolean): string {
    return this.g.node('ReduceSum', [x, this.i64(axes)], { keepdims: { i: keepdims ? 1 : 0 } });
  }

  /** ReduceMean over the last axis, kept (opset 17: axes as an attribute). */
  meanLast(x: string): string {
    return this.g.node('ReduceMean', [x], { axes: { ints: [-1] }, keepdims: { i: 1 } });
  }

  /**
   * x (M, in) @ W^T with W (out, in) as Hugging Face stores it, plus an optional bias (out): Gemm's transB reads W
   * in place (no transposed copy). -> (M, out)
   */
  linear(x: string, w: string, bias?: string, name?: string): string {
    return this.one('Gemm', bias ? [x, w, bias] : [x, w], name, { transB: { i: 1 } });
  }

  /** Weight gradient of `linear`: dW = dY^T @ X. dY (M, out), X (M, in) -> (out, in). */
  linearWeightGrad(dy: string, x: string): string {
    return this.g.node('Gemm', [dy, x], { transA: { i: 1 } });
  }

  /** Input gradient of `linear`: dX = dY @ W. dY (M, out), W (out, in) -> (M, in). */
  linearInputGrad(dy: string, w: string): string {
    return this.g.node('MatMul', [dy, w]);
  }

  /** Batched a @ b with either side transposed in place (ORT's FusedMatMul: no Transpose copy). */
  matmul(a: string, b: string, transA = false, transB = false): string {
    if (!transA && !transB) return this.g.node('MatMul', [a, b]);
    return this.g.node(
      'FusedMatMul',
      [a, b],
      { transA: { i: transA ? 1 : 0 }, transB: { i: transB ? 1 : 0 }, alpha: { f: 1 } },
      'com.microsoft',
    );
  }

  /** 1 / sqrt(mean(x^2) + eps) over the last axis, kept: (..., D) -> (..., 1). */
  rmsInv(x: string, eps: number): string {
    const ms = this.meanLast(this.mul(x, x));
    return this.g.node('Reciprocal', [this.g.node('Sqrt', [this.add(ms, this.f32(eps))])]);
  }

  /** RMSNorm given its inverse root: x * inv * w. */
  rmsApply(x: string, inv: string, w: string): string {
    return this.mul(this.mul(x, inv), w);
  }

  /**
   * Gradient of y = x * inv * w, inv = (mean(x^2) + eps)^-1/2, over the last axis (D):
   * dw = sum over the other axes of dy * xh (xh = x * inv), and
   * dx = inv * (dxh - xh * mean(dxh * xh)) with dxh = dy * w
   * (d inv / dx_j = -inv^3 x_j / D, so the second term collects sum_i dxh_i x_i inv^3 x_j / D).
   * `otherAxes` lists the axes dw sums over (all but the last).
   */
  rmsGrad(x: string, inv: string, w: string, dy: string, otherAxes: number[]): { dx: string; dw: string } {
    const xh = this.mul(x, inv);
    const dw = this.sum(this.mul(dy, xh), otherAxes, false);
    const dxh = this.mul(dy, w);
    const dx = this.mul(inv, this.sub(dxh, this.mul(xh, this.meanLast(this.mul(dxh, xh)))));
    return { dx, dw };
  }

  /**
   * RoPE in the rotate_half layout on x (B, T, heads, D) by ORT's contrib RotaryEmbedding, with tables cos/sin
   * (T, D/2) for positions 0..T-1: y1 = x1 cos - x2 sin, y2 = x2 cos + x1 sin. One node instead of eight standard
   * ops (Split, four Mul, Sub, Add, Concat). `inverse` rotates by -angle (sin negated in `negSin`): the transposed
   * rotation, which is RoPE's gradient (dx1 = dy1 cos + dy2 sin, dx2 = dy2 cos - dy1 sin). `flat` (B, T, heads*D)
   * and `shape4` give the op's 3-D layout and back (both Reshapes are free).
   */
  ropeContrib(
    x: string,
    heads: number,
    tables: { cos: string; sin: string; negSin: string; start: string; flat: string },
    shape4: string,
    inverse = false,
  ): string {
    const rotated = this.g.node(
      'RotaryEmbedding',
      [this.reshape(x, tables.flat), tables.start, tables.cos, inverse ? tables.negSin : tables.sin],
      { interleaved: { i: 0 }, num_heads: { i: heads } },
      'com.microsoft',
    );
    return this.reshape(rotated, shape4);
  }
}
