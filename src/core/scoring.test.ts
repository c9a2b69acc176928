import { describe, expect, it } from 'vitest';
import { photoTags, rankLabels, topLabelIndex, zeroShotProbabilities } from './scoring';

describe('zeroShotProbabilities', () => {
  it('is the softmax of logitScale x cosine similarity', () => {
    const image = new Float32Array([1, 0]);
    const labels = new Float32Array([1, 0, Math.SQRT1_2, Math.SQRT1_2]); // cosines 1 and 0.7071
    const [p0, p1] = zeroShotProbabilities(image, labels, 2, 10);
    const e0 = Math.exp(10);
    const e1 = Math.exp(10 * Math.SQRT1_2);
    expect(p0).toBeCloseTo(e0 / (e0 + e1), 6);
    expect(p1).toBeCloseTo(e1 / (e0 + e1), 6);
  });
  it('gives one row per photo, each summing to one', () => {
    const images = new Float32Array([1, 0, 0, 1]);
    const labels = new Float32Array([1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]);
    const p = zeroShotProbabilities(images, labels, 2, 100);
    expect(p).toHaveLength(6);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
    expect(p[3]! + p[4]! + p[5]!).toBeCloseTo(1, 6);
    expect(p[0]).toBeGreaterThan(0.99);
    expect(p[4]).toBeGreaterThan(0.99);
  });
});

describe('rankLabels', () => {
  it('sorts by probability and keeps typed order on ties', () => {
    expect(rankLabels(['a', 'b', 'c', 'd'], [0.1, 0.4, 0.1, 0.4])).toEqual([
      { label: 'b', probability: 0.4 },
      { label: 'd', probability: 0.4 },
      { label: 'a', probability: 0.1 },
      { label: 'c', probability: 0.1 },
    ]);
  });
  it('refuses mismatched lengths', () => {
    expect(() => rankLabels(['a'], [0.5, 0.5])).toThrow(RangeError);
  });
});

describe('topLabelIndex and photoTags', () => {
  const labels = ['beach', 'dog', 'receipt'];

  it('finds the most likely label, the first typed on a tie, and none without labels', () => {
    expect(topLabelIndex([0.2, 0.5, 0.3])).toBe(1);
    expect(topLabelIndex([0.4, 0.4, 0.2])).toBe(0);
    expect(topLabelIndex([])).toBeNull();
  });

  it('tags every label at the threshold or above, most likely first, in "tag all that apply"', () => {
    expect(photoTags('tag-all', labels, [0.5, 0.9, 0.49], 0.5)).toEqual(['dog', 'beach']);
    expect(photoTags('tag-all', labels, [0.1, 0.2, 0.3], 0.5)).toEqual([]);
  });

  it('tags only the top label in "pick one"', () => {
    expect(photoTags('pick-one', labels, [0.2, 0.3, 0.5], 0.9)).toEqual(['receipt']);
    expect(photoTags('pick-one', [], [], 0.5)).toEqual([]);
  });
});
