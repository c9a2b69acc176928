import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { buildGemmModel } from './gemm-model';

const INNER = 64;
const OUTER = 48;

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

// Deterministic inputs with a positive mean, like post-GELU activations: an error in a zero point
// or a rounding bias then adds up along the inner dim instead of cancelling.
function input(rows: number): Float32Array {
  return Float32Array.from(
    { length: rows * INNER },
    (_, i) => Math.sin(i * 0.37) * 0.6 + Math.cos(i * 1.3) * 0.2 + 0.3,
  );
}

function matmul(a: ArrayLike<number>, b: ArrayLike<number>, rows: number): Float64Array {
  const y = new Float64Array(rows * OUTER);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < INNER; k++)
      for (let c = 0; c < OUTER; c++) y[r * OUTER + c]! += a[r * INNER + k]! * b[k * OUTER + c]!;
  return y;
}

const maxAbs = (v: ArrayLike<number>) => Array.from(v).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((m, x, i) => Math.max(m, Math.abs(x - (b[i] ?? NaN))), 0);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
// ONNX rounds halves to even.
const roundEven = (x: number) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));

/** Y as the q8 graph defines it: A to uint8 as DynamicQuantizeLinear does, B to symmetric per-tensor int8. */
function quantizedMatmul(a: Float32Array, b: Float32Array, rows: number): Float64Array {
  const lo = Math.min(0, ...a);
  const aScale = (Math.max(0, ...a) - lo) / 255;
  const aZp = clamp(roundEven(-lo / aScale), 0, 255);
  const aq = Array.from(a, (x) => clamp(roundEven(x / aScale) + aZp, 0, 255) - aZp);
  const bScale = maxAbs(b) / 127;
  const bq = Array.from(b, (w) => Math.round(w / bScale));
  return matmul(aq, bq, rows).map((y) => y * aScale * bScale);
}

async function run(session: ort.InferenceSession, a: Float32Array, rows: number): Promise<Float32Array> {
  const out = await session.run({ A: new ort.Tensor('float32', a, [rows, INNER]) });
  const y = out.Y!;
  expect(y.dims).toEqual([rows, OUTER]);
  return y.data as Float32Array;
}

describe('buildGemmModel', () => {
  it('is deterministic per seed, with weights in [-0.05, 0.05]', () => {
    const a = buildGemmModel({ inner: INNER, outer: OUTER, quantized: false });
    const b = buildGemmModel({ inner: INNER, outer: OUTER, quantized: false });
    const c = buildGemmModel({ inner: INNER, outer: OUTER, quantized: false, seed: 2 });
    expect(a.bytes).toEqual(b.bytes);
    expect(a.weights).not.toEqual(c.weights);
    expect(a.weights).toHaveLength(INNER * OUTER);
    expect(maxAbs(a.weights)).toBeLessThanOrEqual(0.05);
    expect(maxAbs(a.weights)).toBeGreaterThan(0.04);
  });

  it('fp32: MatMul equals a plain matmul, for any row count', async () => {
    const { bytes, weights } = buildGemmModel({ inner: INNER, outer: OUTER, quantized: false });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['A']);
    expect(session.outputNames).toEqual(['Y']);
    for (const rows of [5, 2]) {
      const a = input(rows);
      const want = matmul(a, weights, rows);
      const got = await run(session, a, rows);
      expect(maxAbsDiff(got, want)).toBeLessThan(1e-5 * maxAbs(want));
    }
    await session.release();
  });

  it('q8: computes the dynamic-quantization scheme, close to the float product, for any row count', async () => {
    const { bytes, weights } = buildGemmModel({ inner: INNER, outer: OUTER, quantized: true });
    const session = await ort.InferenceSession.create(bytes);
    for (const rows of [5, 2]) {
      const a = input(rows);
      const want = matmul(a, weights, rows);
      const got = await run(session, a, rows);
      // 1e-3 leaves room for an input landing on a rounding tie; a zero point off by one or
      // weights floored instead of rounded miss by 1-2%.
      expect(maxAbsDiff(got, quantizedMatmul(a, weights, rows))).toBeLessThan(1e-3 * maxAbs(want));
      // The scheme itself is a faithful int8 stand-in for the float MatMul, and not the float MatMul.
      const err = maxAbsDiff(got, want);
      expect(err).toBeLessThan(0.02 * maxAbs(want));
      expect(err).toBeGreaterThan(1e-4 * maxAbs(want));
    }
    await session.release();
  });
});
