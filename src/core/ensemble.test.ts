import { describe, expect, it } from 'vitest';
import { ensembleEmbeddings } from './ensemble';

describe('ensembleEmbeddings', () => {
  it('averages unit embeddings and renormalises, as the paper does', () => {
    // Label 0: prompts (3,4) and (0,2) -> units (0.6,0.8) and (0,1) -> mean (0.3,0.9) -> /sqrt(0.9).
    // Label 1: one prompt (-5,0) -> (-1,0).
    const prompts = new Float32Array([3, 4, 0, 2, -5, 0]);
    const out = ensembleEmbeddings(prompts, [[0, 1], [2]], 2);
    expect(out[0]).toBeCloseTo(0.3 / Math.sqrt(0.9), 6);
    expect(out[1]).toBeCloseTo(0.9 / Math.sqrt(0.9), 6);
    expect(Array.from(out.subarray(2))).toEqual([-1, 0]);
  });
  it('weights prompts equally whatever their norm', () => {
    const out = ensembleEmbeddings(new Float32Array([100, 0, 0, 0.01]), [[0, 1]], 2);
    expect(out[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
  it('refuses a label without prompts', () => {
    expect(() => ensembleEmbeddings(new Float32Array(2), [[]], 2)).toThrow(RangeError);
  });
});
