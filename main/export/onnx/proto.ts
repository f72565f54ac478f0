/**
 * GraphBuilder → ONNX ModelProto bytes, through onnx-buf (the official
 * onnx.proto compiled for @bufbuild/protobuf): the wire format is the
 * library's, never hand-written here.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type AttributeProto,
} from 'onnx-buf';
import type { AttributeValue, GraphBuilder, GraphValue, Initializer } from './graph.ts';

/** Opset 17 (ONNX 1.12, 2022): every runtime of the last years reads it; Reshape/Softmax/ReduceMean as used here are stable in it. */
export const ONNX_OPSET = 17;
/** The IR version that goes with opset 17. */
export const ONNX_IR_VERSION = 8;

export type ModelInfo = { producerVersion: string; graphName: string; docString: string; metadata: Record<string, string> };

export function encodeModel(graph: GraphBuilder, info: ModelInfo): Uint8Array {
  const model = create(ModelProtoSchema, {
    irVersion: BigInt(ONNX_IR_VERSION),
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(ONNX_OPSET) })],
    producerName: 'modelbench',
    producerVersion: info.producerVersion,
    docString: info.docString,
    metadataProps: Object.entries(info.metadata).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
    graph: create(GraphProtoSchema, {
      name: info.graphName,
      node: graph.nodes.map((n) =>
        create(NodeProtoSchema, {
          name: n.name,
          opType: n.opType,
          input: n.inputs,
          output: n.outputs,
          attribute: Object.entries(n.attributes).map(([name, value]) => attribute(name, value)),
        }),
      ),
      initializer: graph.initializers.map(tensor),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    }),
  });
  return toBinary(ModelProtoSchema, model);
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  if ('int' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(value.int) });
  if ('float' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: value.float });
  if ('ints' in value) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: value.ints.map((v) => BigInt(v)) });
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(value.string) });
}

function tensor(init: Initializer) {
  // raw_data is little-endian, as typed arrays are on every platform Node runs on.
  const bytes = new Uint8Array(init.data.byteLength);
  bytes.set(new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
  return create(TensorProtoSchema, {
    name: init.name,
    dims: init.dims.map((d) => BigInt(d)),
    dataType: init.type === 'float32' ? TensorProto_DataType.FLOAT : TensorProto_DataType.INT64,
    rawData: bytes,
  });
}

function valueInfo(v: GraphValue) {
  const dim = v.dims.map((d) =>
    create(TensorShapeProto_DimensionSchema, { value: typeof d === 'string' ? { case: 'dimParam', value: d } : { case: 'dimValue', value: BigInt(d) } }),
  );
  return create(ValueInfoProtoSchema, {
    name: v.name,
    type: create(TypeProtoSchema, {
      value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType: TensorProto_DataType.FLOAT, shape: create(TensorShapeProtoSchema, { dim }) }) },
    }),
  });
}
