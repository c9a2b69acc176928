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
 */
export function multiplyByTranspose(a: Float32Array, b: Float32Array, dim: number): Float32Array {
  const rows = a.length / dim;
  const cols = b.length / dim;
  if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
    throw new RangeError(`Operands of ${a.length} and ${b.length} values have no rows of ${dim}`);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const aOffset = r * dim;
    for (let c = 0; c < cols; c++) {
      const bOffset = c * dim;
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += a[aOffset + k]! * b[bOffset + k]!;
      out[r * cols + c] = dot;
    }
  }
  return out;
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
