/**
 * An ONNX graph as plain data while it is being built: nodes in execution
 * order, float32 / int64 initialisers, and names made unique in one place.
 * Encoding it as protobuf is proto.ts's job, so the converters never touch
 * the wire format.
 */

/** ONNX tells integer from float attributes, so each value says which it is. */
export type AttributeValue = { int: number } | { float: number } | { ints: number[] } | { string: string };
export const int = (value: number): AttributeValue => ({ int: value });
export const float = (value: number): AttributeValue => ({ float: value });
export const ints = (values: number[]): AttributeValue => ({ ints: values });

export type OnnxNode = { opType: string; name: string; inputs: string[]; outputs: string[]; attributes: Record<string, AttributeValue> };

export type Initializer =
  | { name: string; dims: number[]; type: 'float32'; data: Float32Array }
  | { name: string; dims: number[]; type: 'int64'; data: BigInt64Array };

/** A graph input or output: float32, the first dimension symbolic ('batch'). */
export type GraphValue = { name: string; dims: (number | string)[] };

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Initializer[] = [];
  readonly inputs: GraphValue[] = [];
  readonly outputs: GraphValue[] = [];
  private readonly used = new Set<string>();

  /** A name no other value, initialiser or node of this graph has: `hint`, else `hint_2`, `hint_3`… */
  unique(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'value';
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Claims an exact name (graph inputs and outputs keep the tfjs names); false when it is taken. */
  claim(name: string): boolean {
    if (this.used.has(name)) return false;
    this.used.add(name);
    return true;
  }

  /** A float32 constant; dims default to a vector of the data's length. */
  floats(hint: string, data: ArrayLike<number>, dims: number[] = [data.length]): string {
    const name = this.unique(hint);
    this.initializers.push({ name, dims, type: 'float32', data: Float32Array.from(data) });
    return name;
  }

  /** An int64 vector constant (shapes, axes). */
  int64s(hint: string, values: number[]): string {
    const name = this.unique(hint);
    this.initializers.push({ name, dims: [values.length], type: 'int64', data: BigInt64Array.from(values, (v) => BigInt(v)) });
    return name;
  }

  /** Appends a node with one output and returns the output's name. */
  node(opType: string, inputs: string[], hint: string, attributes: Record<string, AttributeValue> = {}): string {
    const output = this.unique(hint);
    this.nodes.push({ opType, name: this.unique(`${hint}/${opType}`), inputs, outputs: [output], attributes });
    return output;
  }

  /** Appends a node whose output name was claimed already (the graph's outputs). */
  nodeTo(opType: string, inputs: string[], output: string, attributes: Record<string, AttributeValue> = {}): void {
    this.nodes.push({ opType, name: this.unique(`${output}/${opType}`), inputs, outputs: [output], attributes });
  }
}
