import { describe, expect, it } from 'vitest';
import {
  classifierLogits,
  probeLoss,
  prototypeWeights,
  trainLinearProbe,
  zeroShotWeights,
  type LabelledEmbedding,
} from './few-shot';
import { predictedLabels } from './metrics';
import { normalizeRows } from './vectors';

const dim = 3;
// Three labels along the axes; photos of label 2 actually sit nearer label 0's text.
const labelEmbeddings = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
const photos = normalizeRows(new Float32Array([1, 0.1, 0.2, 0.1, 1, 0, 0.9, 0, 0.5, 0.8, 0.1, 0.55]), dim);
const prior = zeroShotWeights(labelEmbeddings, 10);
const example = (row: number, label: number): LabelledEmbedding => ({
  embedding: photos.slice(row * dim, row * dim + dim),
  label,
});

describe('the linear probe', () => {
  it('is exactly zero-shot with no examples', () => {
    const probe = trainLinearProbe([], prior, dim, 1);
    expect(probe.weights).toEqual(prior);
    expect(classifierLogits(photos, probe.weights, dim)).toEqual(classifierLogits(photos, prior, dim));
  });
  it('learns from an example what the text got wrong, and generalises to a similar photo', () => {
    expect(predictedLabels(classifierLogits(photos, prior, dim), 3)).toEqual([0, 1, 0, 0]);
    const probe = trainLinearProbe([example(0, 0), example(1, 1), example(2, 2)], prior, dim, 0.1);
    expect(predictedLabels(classifierLogits(photos, probe.weights, dim), 3)).toEqual([0, 1, 2, 2]);
  });
  it('moves further from zero-shot with more examples', () => {
    const shift = (examples: LabelledEmbedding[]) => {
      const { weights } = trainLinearProbe(examples, prior, dim, 1);
      return Math.hypot(...weights.map((value, i) => value - prior[i]!));
    };
    expect(shift([example(2, 2), example(2, 2), example(2, 2)])).toBeGreaterThan(shift([example(2, 2)]));
  });
  it('stops at a minimum: the gradient there is zero', () => {
    const examples = [example(0, 0), example(2, 2), example(3, 1)];
    const probe = trainLinearProbe(examples, prior, dim, 0.5);
    const gradient = new Float64Array(prior.length);
    const loss = probeLoss(examples, Float64Array.from(probe.weights), prior, dim, 0.5, gradient);
    expect(loss).toBeCloseTo(probe.loss, 4);
    for (const value of gradient) expect(Math.abs(value)).toBeLessThan(1e-4);
  });
  it('has the gradient of its loss, "not" examples included (central differences)', () => {
    const examples = [example(0, 0), { ...example(2, 0), negative: true }, { ...example(3, 2), negative: true }];
    const weights = Float64Array.from(prior, (value, i) => value + Math.sin(i));
    const gradient = new Float64Array(prior.length);
    probeLoss(examples, weights, prior, dim, 0.3, gradient);
    const step = 1e-5;
    weights.forEach((value, i) => {
      const at = (shift: number) => probeLoss(examples, weights.with(i, value + shift), prior, dim, 0.3);
      expect(gradient[i]).toBeCloseTo((at(step) - at(-step)) / (2 * step), 5);
    });
  });
  it('"not X" lowers X for the photo and a similar one, and moves nothing with no other example', () => {
    const probability = (weights: Float32Array, row: number, label: number) => {
      const logits = classifierLogits(photos.slice(row * dim, row * dim + dim), weights, dim);
      const total = logits.reduce((sum, value) => sum + Math.exp(value), 0);
      return Math.exp(logits[label]!) / total;
    };
    const probe = trainLinearProbe([{ ...example(2, 0), negative: true }], prior, dim, 0.1);
    expect(probability(probe.weights, 2, 0)).toBeLessThan(probability(prior, 2, 0));
    expect(probability(probe.weights, 3, 0)).toBeLessThan(probability(prior, 3, 0));
    expect(predictedLabels(classifierLogits(photos, probe.weights, dim), 3).slice(0, 2)).toEqual([0, 1]);
  });
  it('refuses a "not" example when there is only one label', () => {
    const one = { embedding: photos.slice(0, dim), label: 0, negative: true };
    expect(() => trainLinearProbe([one], prior.slice(0, dim), dim, 1)).toThrow(RangeError);
  });
  it('refuses an example of a label that is not there', () => {
    expect(() => trainLinearProbe([{ embedding: new Float32Array(3), label: 3 }], prior, dim, 1)).toThrow(RangeError);
  });
});

describe('prototypes blended with the text', () => {
  it('is zero-shot with no examples', () => {
    expect(prototypeWeights([], labelEmbeddings, dim, 10, 2)).toEqual(prior);
  });
  it("moves a label's row toward its examples' mean, the text counted as textWeight examples", () => {
    const weights = prototypeWeights([example(2, 2)], labelEmbeddings, dim, 10, 0.5);
    const expected = normalizeRows(new Float32Array([photos[6]!, photos[7]!, photos[8]! + 0.5]), dim);
    for (let d = 0; d < dim; d++) expect(weights[6 + d]).toBeCloseTo(10 * expected[d]!, 5);
    expect(Array.from(weights.slice(0, 6))).toEqual(Array.from(prior.slice(0, 6)));
    expect(predictedLabels(classifierLogits(photos, weights, dim), 3)).toEqual([0, 1, 2, 2]);
  });
});
