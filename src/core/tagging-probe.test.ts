import { describe, expect, it } from 'vitest';
import type { LabelledEmbedding } from './few-shot';
import {
  labelTaggingLoss,
  neutralTaggingWeights,
  sigmoidTaggingWeights,
  taggingProbabilitiesFrom,
  trainTaggingProbe,
} from './tagging-probe';
import { normalizeRows } from './vectors';

const dim = 4;
// Label 2 names what labels 0 and 1 show together, but means something of its own (the fourth axis), as
// "blue circle" does for a photo of a red circle and a blue square.
const labelEmbeddings = normalizeRows(new Float32Array([1, 0, 0, 0, 0, 1, 0, 0, 0.5, 0.5, 0, 0.7]), dim);
const neutral = new Float32Array([0, 0, 1, 0]);
// Photo 0 shows labels 0 and 1, photo 1 is much like it, photo 2 shows label 2, photo 3 label 0 faintly.
const photos = normalizeRows(
  new Float32Array([0.6, 0.6, 0.3, 0, 0.55, 0.65, 0.3, 0, 0.3, 0.3, 0.2, 0.9, 0.5, 0, 0.7, 0.3]),
  dim,
);
const prior = neutralTaggingWeights(labelEmbeddings, neutral, 20);
const photo = (row: number, label: number, negative = false): LabelledEmbedding => ({
  embedding: photos.slice(row * dim, row * dim + dim),
  label,
  negative,
});
const probabilityOf = (weights: Parameters<typeof taggingProbabilitiesFrom>[1], row: number, label: number) =>
  taggingProbabilitiesFrom(photos, weights, dim)[row * 3 + label]!;

describe('tagging weights', () => {
  it('are CLIP’s rule: each label against the neutral prompts, sigmoid(scale x (cos label - cos neutral))', () => {
    const image = new Float32Array([1, 0]);
    const labels = new Float32Array([0.6, 0.8, 0.8, 0.6]); // cosines 0.6 and 0.8
    const neutralPrompt = new Float32Array([0.7, Math.sqrt(1 - 0.49)]); // cosine 0.7
    const [p0, p1] = taggingProbabilitiesFrom(image, neutralTaggingWeights(labels, neutralPrompt, 10), 2);
    expect(p0).toBeCloseTo(1 / (1 + Math.exp(1)), 6); // 10 x (0.6 - 0.7) = -1
    expect(p1).toBeCloseTo(1 / (1 + Math.exp(-1)), 6); // 10 x (0.8 - 0.7) = +1
  });
  it("do not change a label's score when other labels come or go", () => {
    const images = new Float32Array([1, 0, 0, 1]);
    const neutralPrompt = new Float32Array([Math.SQRT1_2, Math.SQRT1_2]);
    const both = taggingProbabilitiesFrom(
      images,
      neutralTaggingWeights(new Float32Array([1, 0, 0, 1]), neutralPrompt, 100),
      2,
    );
    const one = taggingProbabilitiesFrom(
      images,
      neutralTaggingWeights(new Float32Array([1, 0]), neutralPrompt, 100),
      2,
    );
    expect(one[0]).toBeCloseTo(both[0]!, 9);
    expect(one[1]).toBeCloseTo(both[2]!, 9);
  });
  it("are SigLIP's sigmoid of scale x cosine + bias", () => {
    const weights = sigmoidTaggingWeights(new Float32Array([0.6, 0.8, 1, 0]), 2, 10, -7);
    const [p0, p1] = taggingProbabilitiesFrom(new Float32Array([1, 0]), weights, 2);
    expect(p0).toBeCloseTo(1 / (1 + Math.exp(1)), 6); // 10 x 0.6 - 7 = -1
    expect(p1).toBeCloseTo(1 / (1 + Math.exp(-3)), 6); // 10 x 1 - 7 = 3
  });
});

describe('the tagging probe', () => {
  it('is the prior, exactly, with no examples', () => {
    const probe = trainTaggingProbe([], prior, dim, 0.1);
    expect(probe.weights).toEqual(prior.weights);
    expect(probe.biases).toEqual(prior.biases);
    expect(probe.loss).toBe(0);
  });
  it('"not X" takes X off that photo and a similar one, and leaves every other label exactly as it was', () => {
    expect(probabilityOf(prior, 0, 2)).toBeGreaterThan(0.5);
    expect(probabilityOf(prior, 1, 2)).toBeGreaterThan(0.5);
    const probe = trainTaggingProbe([photo(0, 2, true)], prior, dim, 0.1);
    expect(probabilityOf(probe, 0, 2)).toBeLessThan(0.5);
    expect(probabilityOf(probe, 1, 2)).toBeLessThan(0.5);
    expect(probabilityOf(probe, 2, 2)).toBeGreaterThan(0.5);
    expect(probe.weights.subarray(0, 2 * dim)).toEqual(prior.weights.subarray(0, 2 * dim));
    expect(probe.biases.subarray(0, 2)).toEqual(prior.biases.subarray(0, 2));
  });
  it('"this is X" puts X on a photo the text missed', () => {
    expect(probabilityOf(prior, 3, 0)).toBeLessThan(0.5);
    const probe = trainTaggingProbe([photo(3, 0)], prior, dim, 0.1);
    expect(probabilityOf(probe, 3, 0)).toBeGreaterThan(0.5);
  });
  it('moves less with a stronger pull toward the prior', () => {
    const after = (regularisation: number) =>
      probabilityOf(trainTaggingProbe([photo(0, 2, true)], prior, dim, regularisation), 0, 2);
    expect(after(10)).toBeGreaterThan(after(1));
    expect(after(1)).toBeGreaterThan(after(0.1));
  });
  it('stops at a minimum: the gradient there is zero', () => {
    const examples = [photo(0, 2, true), photo(2, 2), photo(1, 0)];
    const probe = trainTaggingProbe(examples, prior, dim, 0.1);
    for (const label of [0, 2]) {
      const params = Float64Array.of(...probe.weights.subarray(label * dim, label * dim + dim), probe.biases[label]!);
      const start = Float64Array.of(...prior.weights.subarray(label * dim, label * dim + dim), prior.biases[label]!);
      const gradient = new Float64Array(dim + 1);
      labelTaggingLoss(
        examples.filter((example) => example.label === label),
        params,
        start,
        0.1,
        gradient,
      );
      for (const value of gradient) expect(Math.abs(value)).toBeLessThan(1e-4);
    }
  });
  it('has the gradient of its loss (central differences)', () => {
    const examples = [photo(0, 1), photo(1, 1, true), photo(2, 1, true)];
    const start = Float64Array.of(...prior.weights.subarray(dim, 2 * dim), 0.3);
    const params = start.map((value, i) => value + Math.sin(i + 1));
    const gradient = new Float64Array(dim + 1);
    labelTaggingLoss(examples, params, start, 0.3, gradient);
    const step = 1e-5;
    params.forEach((value, i) => {
      const at = (shift: number) => labelTaggingLoss(examples, params.with(i, value + shift), start, 0.3);
      expect(gradient[i]).toBeCloseTo((at(step) - at(-step)) / (2 * step), 5);
    });
  });
  it('refuses an example of the wrong size or label', () => {
    expect(() => trainTaggingProbe([{ embedding: new Float32Array(3), label: 0 }], prior, dim, 0.1)).toThrow(
      /3 floats/,
    );
    expect(() => trainTaggingProbe([{ ...photo(0, 0), label: 3 }], prior, dim, 0.1)).toThrow(/not one of the 3/);
  });
});
