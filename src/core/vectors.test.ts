import { describe, expect, it } from 'vitest';
import { multiplyByTranspose, normalizeRows, softmaxRows } from './vectors';

describe('normalizeRows', () => {
  it('scales every row to unit length and leaves zero rows alone', () => {
    const m = normalizeRows(new Float32Array([3, 4, 0, 0, 0, 5]), 2);
    const expected = [0.6, 0.8, 0, 0, 0, 1];
    expected.forEach((value, i) => expect(m[i]).toBeCloseTo(value, 6));
  });
  it('rejects a length that is not a whole number of rows', () => {
    expect(() => normalizeRows(new Float32Array(5), 2)).toThrow(RangeError);
  });
});

describe('multiplyByTranspose', () => {
  it('computes A x B^T for row-major operands', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]); // 2 x 3
    const b = new Float32Array([1, 0, 0, 0, 1, 1]); // 2 x 3
    expect(Array.from(multiplyByTranspose(a, b, 3))).toEqual([1, 5, 4, 11]);
  });
  it('agrees with plain dot products on every block and remainder shape', () => {
    const dim = 7;
    for (const [rows, cols] of [
      [1, 1],
      [4, 2],
      [5, 3],
      [9, 4],
      [3, 7],
      [8, 5],
    ] as const) {
      const a = Float32Array.from({ length: rows * dim }, (_, i) => Math.sin(i * 1.3));
      const b = Float32Array.from({ length: cols * dim }, (_, i) => Math.cos(i * 0.7));
      const product = multiplyByTranspose(a, b, dim);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          let expected = 0;
          for (let k = 0; k < dim; k++) expected += a[r * dim + k]! * b[c * dim + k]!;
          expect(product[r * cols + c], `row ${r} column ${c} of ${rows} x ${cols}`).toBeCloseTo(expected, 5);
        }
      }
    }
  });
});

describe('softmaxRows', () => {
  it('matches hand-computed values and sums to one per row', () => {
    const m = softmaxRows(new Float32Array([0, Math.log(3), 1000, 1000]), 2);
    expect(m[0]).toBeCloseTo(0.25, 6);
    expect(m[1]).toBeCloseTo(0.75, 6);
    expect(m[2]).toBeCloseTo(0.5, 6);
    expect(m[3]).toBeCloseTo(0.5, 6);
  });
});
