import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** Element types this builder writes, with their `TensorProto.DataType` codes. */
export const ELEM_TYPE = { float32: 1, int32: 6, int64: 7, bool: 9 } as const;
export type ElemType = keyof typeof ELEM_TYPE;

/** A dimension: a fixed size or a symbolic name (`batch`, `past_sequence`). */
export type Dim = number | string;

/** A node attribute, tagged by its ONNX attribute type. */
export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

/** An opset the model imports: `''` is the default ONNX domain, `com.microsoft` ORT's contrib ops. */
export interface OpsetImport {
  domain: string;
  version: number;
}

type TensorData = Float32Array | Int32Array | BigInt64Array;

function valueInfo(name: string, type: ElemType, shape: readonly Dim[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE[type],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, a: Attr) {
  const A = onnx.AttributeProto.AttributeType;
  if ('i' in a) return { name, type: A.INT, i: a.i };
  if ('f' in a) return { name, type: A.FLOAT, f: a.f };
  if ('ints' in a) return { name, type: A.INTS, ints: a.ints };
  if ('floats' in a) return { name, type: A.FLOATS, floats: a.floats };
  return { name, type: A.STRING, s: new TextEncoder().encode(a.s) };
}

/**
 * A small imperative builder for one ONNX graph: declare inputs, initializers and nodes, each call returning
 * the name of the value it produces, then `encode()` to the `ModelProto` bytes onnxruntime loads.
 * Value names are unique: `node` names its outputs `<prefix>/<op>_<n>`.
 */
export class OnnxGraph {
  private readonly nodes: object[] = [];
  private readonly inputs: object[] = [];
  private readonly outputs: object[] = [];
  private readonly initializers: object[] = [];
  private readonly names = new Set<string>();
  private counter = 0;
  /** Prefix for generated value names (set per layer for readable graphs). */
  scope = '';

  constructor(readonly name: string) {}

  private claim(name: string): string {
    if (this.names.has(name))
      throw new Error(`OnnxGraph '${this.name}': value name '${name}' is defined twice`);
    this.names.add(name);
    return name;
  }

  /** Declare a graph input of the given element type and shape. */
  input(name: string, type: ElemType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), type, shape));
    return name;
  }

  /** Mark an existing value as a graph output under `name` (through an Identity when the names differ). */
  output(value: string, name: string, type: ElemType, shape: readonly Dim[]): string {
    if (value !== name) this.nodes.push({ opType: 'Identity', input: [value], output: [this.claim(name)] });
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** A constant tensor stored in the model (raw little-endian bytes). */
  initializer(name: string, dims: readonly number[], data: TensorData): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (data.length !== count) {
      throw new Error(
        `OnnxGraph '${this.name}': initializer '${name}' has ${data.length} values, shape [${dims}] needs ${count}`,
      );
    }
    const dataType =
      data instanceof Float32Array
        ? ELEM_TYPE.float32
        : data instanceof Int32Array
          ? ELEM_TYPE.int32
          : ELEM_TYPE.int64;
    const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name: this.claim(name), dims: [...dims], dataType, rawData });
    return name;
  }

  /** A small float32 constant, named automatically. */
  constF32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(this.fresh('const_f32'), dims, Float32Array.from(values));
  }

  /** A small int64 constant (shapes, axes, indices), named automatically. */
  constI64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(this.fresh('const_i64'), dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** A new generated name (claimed by whoever defines the value). */
  private fresh(kind: string): string {
    return `${this.scope ? `${this.scope}/` : ''}${kind}_${this.counter++}`;
  }

  /** Add one node with a single output; returns the output's name. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, domain = ''): string {
    return this.nodeN(opType, inputs, 1, attrs, domain)[0];
  }

  /**
   * Add one node with `outputs` outputs (a count, or their names: a name that is also declared with `output` then
   * needs no Identity copy); returns the output names. An empty input name is an omitted optional input.
   */
  nodeN(
    opType: string,
    inputs: readonly string[],
    outputs: number | readonly (string | undefined)[],
    attrs: Record<string, Attr> = {},
    domain = '',
  ): string[] {
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, () => undefined) : outputs;
    const out = names.map((n) => this.claim(n ?? this.fresh(opType)));
    this.nodes.push({
      opType,
      domain,
      name: out[0],
      input: [...inputs],
      output: out,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return out;
  }

  /** Serialise to `ModelProto` bytes. */
  encode(opsets: readonly OpsetImport[], irVersion = 8): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion,
      producerName: 'reasonrl',
      opsetImport: opsets.map((o) => ({ domain: o.domain, version: o.version })),
      graph: {
        name: this.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
