import { describe, expect, it } from 'vitest';
import {
  photoTags,
  rankLabels,
  sigmoidProbabilities,
  taggingProbabilities,
  topLabelIndex,
  zeroShotProbabilities,
} from './scoring';

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

describe('taggingProbabilities', () => {
  it('scores each label against the neutral prompt alone', () => {
    const image = new Float32Array([1, 0]);
    const labels = new Float32Array([0.6, 0.8, 0.8, 0.6]); // cosines 0.6 and 0.8
    const neutral = new Float32Array([0.7, Math.sqrt(1 - 0.49)]); // cosine 0.7
    const [p0, p1] = taggingProbabilities(image, labels, neutral, 2, 10);
    expect(p0).toBeCloseTo(1 / (1 + Math.exp(1)), 6); // 10 x (0.6 - 0.7) = -1
    expect(p1).toBeCloseTo(1 / (1 + Math.exp(-1)), 6); // 10 x (0.8 - 0.7) = +1
  });
  it("does not change a label's score when other labels come or go", () => {
    const images = new Float32Array([1, 0, 0, 1]);
    const neutral = new Float32Array([Math.SQRT1_2, Math.SQRT1_2]);
    const both = taggingProbabilities(images, new Float32Array([1, 0, 0, 1]), neutral, 2, 100);
    const one = taggingProbabilities(images, new Float32Array([1, 0]), neutral, 2, 100);
    expect(one[0]).toBeCloseTo(both[0]!, 9);
    expect(one[1]).toBeCloseTo(both[2]!, 9);
  });
});

describe('sigmoidProbabilities', () => {
  it("is SigLIP's sigmoid of scale x cosine + bias", () => {
    const [p0, p1] = sigmoidProbabilities(new Float32Array([1, 0]), new Float32Array([0.6, 0.8, 1, 0]), 2, 10, -7);
    expect(p0).toBeCloseTo(1 / (1 + Math.exp(1)), 6); // 10 x 0.6 - 7 = -1
    expect(p1).toBeCloseTo(1 / (1 + Math.exp(-3)), 6); // 10 x 1 - 7 = 3
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
