// Builds the bytes of a one-GEMM ONNX model, fp32 or dynamically quantized like the Hub's
// `_quantized` CLIP files, so the benchmark can time onnxruntime-web's MatMul without any model
// download or ONNX tooling. The protobuf is written by hand: only varint and length-delimited
// fields are needed.

export interface GemmModelSpec {
  /** Columns of the input A and rows of the weight B. */
  inner: number;
  /** Columns of the weight B and of the output Y. */
  outer: number;
  /** true: DynamicQuantizeLinear + MatMulInteger with int8 weights; false: a float MatMul. */
  quantized: boolean;
  /** Seed of the weight generator; same seed, same weights. */
  seed?: number;
}

export interface GemmModel {
  /** A serialized ModelProto: input A float32 [rows, inner], output Y float32 [rows, outer]. */
  bytes: Uint8Array;
  /** B, row-major [inner, outer], as floats before any quantization. */
  weights: Float32Array;
}

// ONNX TensorProto.DataType values.
const FLOAT = 1;
const INT8 = 3;
const ATTR_INT = 2; // AttributeProto.AttributeType.INT

const utf8 = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Non-negative values only (sizes, enums); arithmetic rather than bit ops so values past 2^31 stay right.
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A wire-type-0 (varint) field. */
function int(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

/** A wire-type-2 (length-delimited) field: a string, raw bytes or an embedded message. */
function len(field: number, payload: Uint8Array | string): Uint8Array {
  const body = typeof payload === 'string' ? utf8.encode(payload) : payload;
  return concat([Uint8Array.from([...varint(field * 8 + 2), ...varint(body.length)]), body]);
}

/** ValueInfoProto of a tensor; a string dim is symbolic (dim_param). */
function valueInfo(name: string, elemType: number, dims: (number | string)[]): Uint8Array {
  const shape = dims.map((d) => len(1, typeof d === 'number' ? int(1, d) : len(2, d)));
  const tensorType = concat([int(1, elemType), len(2, concat(shape))]);
  return concat([len(1, name), len(2, len(1, tensorType))]);
}

/** TensorProto with raw_data; no dims means a scalar. */
function initializer(name: string, dataType: number, dims: number[], raw: Uint8Array): Uint8Array {
  return concat([...dims.map((d) => int(1, d)), int(2, dataType), len(8, name), len(9, raw)]);
}

/** NodeProto in the default domain, named after its first output so profiles are readable. */
function node(opType: string, inputs: string[], outputs: string[], attributes: Uint8Array[] = []): Uint8Array {
  return concat([
    ...inputs.map((i) => len(1, i)),
    ...outputs.map((o) => len(2, o)),
    len(3, outputs[0] ?? opType),
    len(4, opType),
    ...attributes.map((a) => len(5, a)),
  ]);
}

// raw_data is little-endian whatever the host's byte order.
function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i] ?? 0, true);
  return new Uint8Array(view.buffer);
}

// mulberry32: tiny, seedable, and the same sequence in every JS engine.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The float MatMul, or the dynamic-quantization subgraph that `quantize_dynamic` emits for it. */
function gemmGraph(weights: Float32Array, inner: number, outer: number, quantized: boolean) {
  if (!quantized) {
    return {
      nodes: [node('MatMul', ['A', 'B'], ['Y'])],
      initializers: [initializer('B', FLOAT, [inner, outer], float32Bytes(weights))],
    };
  }
  // Per-tensor symmetric int8, zero point 0: w ≈ W_q * W_scale.
  const maxAbs = weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
  const scale = maxAbs / 127;
  const wq = Int8Array.from(weights, (w) => Math.max(-127, Math.min(127, Math.round(w / scale))));
  return {
    nodes: [
      node('DynamicQuantizeLinear', ['A'], ['A_q', 'A_scale', 'A_zp']),
      node('MatMulInteger', ['A_q', 'W_q', 'A_zp', 'W_zp'], ['Y_int']),
      node('Cast', ['Y_int'], ['Y_float'], [concat([len(1, 'to'), int(3, FLOAT), int(20, ATTR_INT)])]),
      node('Mul', ['A_scale', 'W_scale'], ['s']),
      node('Mul', ['Y_float', 's'], ['Y']),
    ],
    initializers: [
      initializer('W_q', INT8, [inner, outer], new Uint8Array(wq.buffer)),
      initializer('W_zp', INT8, [], Uint8Array.of(0)),
      initializer('W_scale', FLOAT, [], float32Bytes([scale])),
    ],
  };
}

/** An ONNX model (ir_version 8, opset 17) computing Y = A·B for A with a symbolic "rows" dim. */
export function buildGemmModel({ inner, outer, quantized, seed = 1 }: GemmModelSpec): GemmModel {
  const next = random(seed);
  const weights = Float32Array.from({ length: inner * outer }, () => (next() * 2 - 1) * 0.05);
  const { nodes, initializers } = gemmGraph(weights, inner, outer, quantized);
  const graph = concat([
    ...nodes.map((n) => len(1, n)),
    len(2, quantized ? 'gemm_q8' : 'gemm_fp32'),
    ...initializers.map((t) => len(5, t)),
    len(11, valueInfo('A', FLOAT, ['rows', inner])),
    len(12, valueInfo('Y', FLOAT, ['rows', outer])),
  ]);
  const bytes = concat([
    int(1, 8),
    len(2, 'cliptag-bench'),
    len(7, graph),
    len(8, int(2, 17)), // domain left unset: the default "" (ai.onnx)
  ]);
  return { bytes, weights };
}
